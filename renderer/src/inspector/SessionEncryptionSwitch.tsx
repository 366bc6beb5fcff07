import { useEffect, useState } from 'react';
import { type ApiError, api } from '../api/client.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type { SessionEncryption } from '../../../shared/api/lab-session-encryption.ts';

/**
 * The session-encryption switch, in the key detail of a session key (where the learner sees what it changes): on or
 * off for new writes, and a new key. `DELETE /api/v1/lab/switches` puts it back as the launch had it.
 */
export function SessionEncryptionSwitch({ labKey, encrypted }: { labKey: string | null; encrypted: boolean }) {
  const [state, setState] = useState<SessionEncryption | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api.sessionEncryption.read(labKey).then(setState, setError);
  }, [labKey]);
  const act = (action: () => Promise<SessionEncryption>) =>
    action().then(
      (next) => {
        setState(next);
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
        {encrypted === state.enabled
          ? 'Records written either way stay readable.'
          : `This record stays ${encrypted ? 'encrypted' : 'plain'} until its session is written again (a renewal or a new login).`}
        {state.enabled === state.atLaunch ? '' : ` This launch started with it ${state.atLaunch ? 'on' : 'off'}.`}
      </p>
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
