import { useState } from 'react';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { realWords, sendToBoth, targetWords, useJwtLabState, type RealNotes } from './jwt-attack-state.ts';
import type { LabContext } from './lab-types.ts';

/**
 * The JWT labs' send: the debugger's token to the lab target and to the real API at once, and their two answers side
 * by side, in plain words first and the raw answer under them.
 */
export function SideBySideSend({
  context,
  token,
  notes = {},
}: {
  context: LabContext;
  token: string | null;
  /** Words under the real API's refusal, by its code. */
  notes?: RealNotes;
}) {
  const { sent } = useJwtLabState();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const send = async () => {
    if (!token) return;
    setPending(true);
    setError(null);
    try {
      await context.begin();
      await sendToBoth(context, token, notes);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setPending(false);
    }
  };
  const shown = sent && sent.token === token ? sent : null;

  return (
    <div className="jwt-both" data-testid="jwt-both">
      <button type="button" data-testid="jwt-send-both" disabled={!token || pending} onClick={() => void send()}>
        Send it to the lab target and to the real API, side by side
      </button>
      {error && (
        <p className="jwt-error" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <div className="jwt-both-answers" aria-live="polite">
          <div
            className={shown.target.ok ? 'jwt-send jwt-verdict-accepted' : 'jwt-send jwt-verdict-refused'}
            data-testid="jwt-both-target"
            data-status={shown.target.ok ? 200 : shown.target.status}
          >
            <h4>Lab target</h4>
            <p>{targetWords(shown.target)}</p>
            <code className="muted">
              GET {API_PATHS.labJwtTarget} →{' '}
              {shown.target.ok
                ? `200 verifier: ${shown.target.value.verifier}, admin: ${String(shown.target.value.admin)}`
                : `${shown.target.status} ${shown.target.code}`}
            </code>
          </div>
          <div
            className={shown.real.ok ? 'jwt-send jwt-verdict-accepted' : 'jwt-send jwt-verdict-refused'}
            data-testid="jwt-both-real"
            data-status={shown.real.ok ? 200 : shown.real.status}
            data-code={shown.real.ok ? undefined : shown.real.code}
          >
            <h4>Real API</h4>
            <p>{realWords(shown.real, notes)}</p>
            <code className="muted">
              GET {API_PATHS.tokenData} →{' '}
              {shown.real.ok
                ? `200 ${shown.real.value.subject.username}, role ${shown.real.value.subject.role}`
                : `${shown.real.status} ${shown.real.code}`}
            </code>
          </div>
        </div>
      )}
    </div>
  );
}
