import { useEffect, useRef, useState } from 'react';
import { type ApiError, api } from '../api/client.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { CommandWords } from '../glossary/CommandWords.tsx';
import { Gloss } from '../glossary/Gloss.tsx';
import { useNow } from '../hooks/use-now.ts';
import { useInspector, useInspectorHandle } from './inspector-context.ts';
import { formatTtl } from './key-entry.ts';
import { howKeyLeft } from './gone-words.ts';
import { KeyPlacement } from './KeyPlacement.tsx';
import { KeyMeaning } from './KeyMeaning.tsx';
import { SortedSetValue } from './SortedSetValue.tsx';
import { EncryptedValue } from './EncryptedValue.tsx';
import { SessionEncryptionSwitch } from './SessionEncryptionSwitch.tsx';
import type { KeyDetail as KeyDetailView } from '../../../shared/api/inspector.ts';

/** A key that left the store while its detail was open: how and when, its last value as read, and a way out. */
function KeyGone({
  keyName,
  lastSeen,
  onClose,
}: {
  keyName: string;
  lastSeen: KeyDetailView | null;
  onClose: () => void;
}) {
  const { commands } = useInspector();
  const last = commands.find((command) => command.key === keyName);
  const how = last ? howKeyLeft(last.op, last.cause) : null;
  return (
    <div className="key-gone" data-testid="key-gone">
      <p>
        This key no longer exists
        {how && last ? `: it ${how} at ${new Date(last.at).toLocaleTimeString()}` : ''}.
      </p>
      {lastSeen && (
        <>
          <p className="muted">Its last value, as the inspector read it:</p>
          <pre className="value gone-value" tabIndex={0} data-testid="key-gone-value">
            {Array.isArray(lastSeen.value) ? lastSeen.value.join('\n') : lastSeen.value}
          </pre>
        </>
      )}
      <button type="button" onClick={onClose} data-testid="key-gone-close">
        Close this detail
      </button>
    </div>
  );
}

/** One key: its value, what it means to the app, the commands that read it, and delete/expire. */
export function KeyDetail({ keyName, onClose }: { keyName: string; onClose: () => void }) {
  const { labKey } = useInspectorHandle();
  const { commands } = useInspector();
  const [detail, setDetail] = useState<{ view: KeyDetailView; at: number } | null>(null);
  /** The key as last read before it left the store: its value stays readable, marked gone. */
  const [lastSeen, setLastSeen] = useState<KeyDetailView | null>(null);
  const shown = useRef(detail);
  shown.current = detail;
  const [error, setError] = useState<ApiError | null>(null);
  const [expireSeconds, setExpireSeconds] = useState('10');
  const now = useNow(250);
  // Read again whenever the key changes in the store.
  const lastChange = commands.find((command) => command.key === keyName)?.seq ?? 0;
  useEffect(() => {
    const controller = new AbortController();
    api.inspector.key(labKey, keyName, controller.signal).then(
      (view) => {
        setDetail({ view, at: Date.now() });
        setError(null);
      },
      (caught: ApiError) => {
        if (controller.signal.aborted) return;
        const before = shown.current;
        setLastSeen(before?.view.key === keyName ? before.view : null);
        setDetail(null);
        setError(caught);
      },
    );
    return () => controller.abort();
  }, [labKey, keyName, lastChange]);

  const act = (action: () => Promise<unknown>) => action().catch((caught: ApiError) => setError(caught));
  const left =
    detail && detail.view.pttl >= 0 ? Math.max(0, detail.view.pttl - (now - detail.at)) : (detail?.view.pttl ?? null);
  return (
    <section className="key-detail" aria-label={`Key ${keyName}`} data-testid="key-detail">
      <header className="detail-header">
        <h3 title={keyName}>{keyName}</h3>
        <button type="button" className="small" onClick={onClose} aria-label="Close the key detail">
          ×
        </button>
      </header>
      {error && error.code === 'NOT_FOUND' ? (
        <KeyGone keyName={keyName} lastSeen={lastSeen} onClose={onClose} />
      ) : (
        <ErrorNote error={error} />
      )}
      {detail && (
        <>
          <p className="muted">
            {detail.view.type === 'zset' ? <Gloss term="zset" /> : detail.view.type} · {detail.view.size} bytes ·{' '}
            <Gloss term="TTL" /> <span data-testid="detail-ttl">{formatTtl(left)}</span>
          </p>
          <KeyPlacement placement={detail.view} />
          {/* Two columns when the detail is wide: the words on the left, the value and its actions on the right. */}
          <div className="key-detail-body">
            <div className="key-detail-words">
              <div className="commands">
                {detail.view.commands.map((command) => (
                  <div key={command} className="command-line">
                    <CommandWords command={command} /> <CopyButton text={command} what={`the command ${command}`} />
                  </div>
                ))}
              </div>
              {/* Plain words first, the raw value second. */}
              {detail.view.decoded && <KeyMeaning decoded={detail.view.decoded} />}
            </div>
            <div className="key-detail-value">
              {detail.view.serverSees && typeof detail.view.value === 'string' ? (
                <EncryptedValue
                  labKey={labKey}
                  keyName={keyName}
                  stored={detail.view.value}
                  sees={detail.view.serverSees}
                />
              ) : detail.view.type === 'zset' && Array.isArray(detail.view.value) ? (
                <SortedSetValue keyName={keyName} lines={detail.view.value} now={now} />
              ) : (
                <>
                  <h4>Value</h4>
                  <pre className="value" tabIndex={0} data-testid="key-value">
                    {Array.isArray(detail.view.value) ? detail.view.value.join('\n') : detail.view.value}
                  </pre>
                </>
              )}
              {keyName.startsWith('sl:sess:') && (
                <SessionEncryptionSwitch
                  labKey={labKey}
                  keyName={keyName}
                  encrypted={detail.view.serverSees !== undefined}
                />
              )}
              <div className="actions">
                <button
                  type="button"
                  className="danger"
                  data-testid="key-delete"
                  onClick={() => void act(() => api.inspector.deleteKey(labKey, keyName))}
                >
                  DEL
                </button>
                <label>
                  Expire in{' '}
                  <input
                    className="narrow"
                    type="number"
                    min={0}
                    value={expireSeconds}
                    onChange={(event) => setExpireSeconds(event.target.value)}
                  />{' '}
                  s
                </label>
                <button
                  type="button"
                  onClick={() =>
                    void act(() => api.inspector.expireKey(labKey, keyName, Math.round(Number(expireSeconds) * 1_000)))
                  }
                >
                  PEXPIRE
                </button>
                <button type="button" onClick={() => void act(() => api.inspector.expireKey(labKey, keyName, -1))}>
                  PERSIST
                </button>
              </div>
              <p className="muted" data-testid="key-actions-words">
                DEL deletes the key now; PEXPIRE gives it a time to live (the seconds above); PERSIST takes its time to
                live away, so it stays until deleted.
              </p>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
