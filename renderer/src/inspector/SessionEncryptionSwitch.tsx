import { useEffect, useState } from 'react';
import { type ApiError, api } from '../api/client.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { pendingWords, sealWords } from './encryption-words.ts';
import type { SessionEncryption } from '../../../shared/api/lab-session-encryption.ts';

/**
 * The session-encryption switch, in the key detail of a session key (where the learner sees what it changes): on or
 * off for new writes, and a new key. While it is on and this record is still plain, "Encrypt this record now"
 * rewrites it sealed at once (through the store, so its SET shows in the command log) instead of waiting for the
 * session's next write. `DELETE /api/v1/lab/switches` puts the switch back as the launch had it.
 */
export function SessionEncryptionSwitch({
  labKey,
  keyName,
  encrypted,
}: {
  labKey: string | null;
  keyName: string;
  encrypted: boolean;
}) {
  const [state, setState] = useState<SessionEncryption | null>(null);
  const [touchMs, setTouchMs] = useState<number | null>(null);
  const [sealed, setSealed] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api.sessionEncryption.read(labKey).then(setState, setError);
    // The renewal interval says when a plain record is next written (it is a switch too: read it as it stands).
    api.sessionSettings.read(labKey).then(
      (settings) => setTouchMs(settings.touchMs),
      () => setTouchMs(null),
    );
  }, [labKey]);
  const act = (action: () => Promise<SessionEncryption>) =>
    action().then(
      (next) => {
        setState(next);
        setError(null);
      },
      (caught: ApiError) => setError(caught),
    );
  const seal = () =>
    api.inspector.seal(labKey, keyName).then(
      (result) => {
        setSealed(sealWords(result));
        setError(null);
      },
      (caught: ApiError) => setError(caught),
    );
  if (!state) return <ErrorNote error={error} />;
  return (
    <section className="session-encryption" aria-label="Encryption at rest" data-testid="session-encryption">
      <h4>Encryption at rest</h4>
      <label>
        <input
          type="checkbox"
          checked={state.enabled}
          data-testid="encryption-switch"
          onChange={(event) => void act(() => api.sessionEncryption.change(labKey, event.target.checked))}
        />{' '}
        Encrypt session records in the store
      </label>
      <p className="muted" data-testid="encryption-words">
        {state.enabled
          ? `On: every session write is encrypted with key ${state.currentKid}. `
          : 'Off: session records are written as plain JSON. '}
        {encrypted === state.enabled ? 'Records written either way stay readable.' : pendingWords(encrypted, touchMs)}
        {state.enabled === state.atLaunch ? '' : ` This launch started with it ${state.atLaunch ? 'on' : 'off'}.`}
      </p>
      {state.enabled && !encrypted && (
        <div className="actions">
          <button type="button" data-testid="seal-record" onClick={() => void seal()}>
            Encrypt this record now
          </button>
          <span className="muted">rewrites just this record sealed, its time to live kept</span>
        </div>
      )}
      {sealed && encrypted && (
        <p className="tamper-result" role="status" data-testid="seal-result">
          {sealed}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          data-testid="rotate-key"
          onClick={() => void act(() => api.sessionEncryption.rotate(labKey))}
        >
          Make a new key
        </button>
        <span className="muted">
          Keys held: {state.kids.join(', ')} (new writes use {state.currentKid}). A new key takes over new writes;
          records under older keys still decrypt.
        </span>
      </div>
      <ErrorNote error={error} />
    </section>
  );
}
