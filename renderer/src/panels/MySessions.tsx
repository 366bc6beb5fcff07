import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useInspector } from '../inspector/inspector-context.ts';
import type { z } from 'zod';
import type { sessionListSchema } from '../../../shared/api/session.ts';
import { KEY_PREFIXES } from '../../../shared/key-names.ts';

type SessionItem = z.infer<typeof sessionListSchema>['sessions'][number];

/** The user's live sessions (each a key in the store), with revoke; re-read when a session key changes. */
export function MySessions({
  onRevoke,
  onRevokeOthers,
}: {
  onRevoke: (id: string) => Promise<void>;
  onRevokeOthers: () => Promise<void>;
}) {
  const [sessions, setSessions] = useState<SessionItem[]>([]);
  const { commands } = useInspector();
  const lastSessionChange =
    commands.find(
      (command) => command.key.startsWith(KEY_PREFIXES.session) || command.key.startsWith(KEY_PREFIXES.userSessions),
    )?.seq ?? 0;
  const load = useCallback(() => {
    api.session.list().then(
      (result) => setSessions(result.sessions),
      () => {},
    );
  }, []);
  useEffect(load, [load, lastSessionChange]);
  return (
    <div className="my-sessions">
      <h4>
        My sessions <span className="muted">({sessions.length})</span>
      </h4>
      <ul data-testid="my-sessions">
        {sessions.map((session) => (
          <li key={session.id}>
            <span className="ua" title={session.userAgent}>
              {session.current ? <strong>this window</strong> : shortAgent(session.userAgent)}
            </span>{' '}
            <span className="muted">since {new Date(session.createdAt).toLocaleTimeString()}</span>{' '}
            <button
              type="button"
              className="small"
              onClick={() => void onRevoke(session.id).then(load)}
              aria-label={`Revoke the session from ${new Date(session.createdAt).toLocaleTimeString()}`}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
      {sessions.length > 1 && (
        <button type="button" className="small" onClick={() => void onRevokeOthers().then(load)}>
          Revoke all others
        </button>
      )}
    </div>
  );
}

function shortAgent(agent: string): string {
  const match = /(Chrome|Firefox|Safari|Electron|curl)\/[\d.]+/.exec(agent);
  return match ? match[0] : agent.slice(0, 40) || 'unknown client';
}
