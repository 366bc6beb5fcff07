import { useEffect } from 'react';
import { crackFraction, crackWords } from '../jwt-attacks/crack-progress.ts';
import { useCrack } from '../jwt-attacks/use-crack.ts';
import type { LabContext } from './lab-types.ts';

/**
 * Lab 15's cracker: the target's HS256 token against the wordlist, in a Web Worker, with its progress; the secret it
 * finds is handed to the debugger's key area (`onFound`).
 */
export function CrackPanel({
  context,
  token,
  onFound,
}: {
  context: LabContext;
  token: string | null;
  onFound: (secret: string) => void;
}) {
  const { state, start } = useCrack(context.labKey);
  const running = state.status === 'fetching' || state.status === 'running';
  const { secret } = state;
  useEffect(() => {
    if (secret) onFound(secret);
  }, [secret, onFound]);

  return (
    <section
      className="card jwt-crack"
      aria-label="Crack the secret"
      data-testid="jwt-crack"
      data-status={state.status}
    >
      <h2>Crack the target’s secret</h2>
      <p className="jwt-hint">
        An HS256 signature is an HMAC of the token with the server’s secret. If the secret is a common word, try them
        all: for each candidate, compute the HMAC and compare it with the token’s signature. This runs in a Web Worker,
        here in the page; the server only hands over the wordlist.
      </p>
      <button
        type="button"
        data-testid="jwt-crack-start"
        disabled={!token || running}
        onClick={() => {
          if (!token) return;
          void context.begin().then(() => start(token));
        }}
      >
        Crack the lab target’s token with the wordlist
      </button>
      {!token && <p className="jwt-hint">Get a token from the lab target first (the step above).</p>}
      {state.status !== 'idle' && (
        <div className="jwt-crack-progress">
          <progress max={1} value={crackFraction(state)} aria-label="Candidates tried" data-testid="jwt-crack-bar" />
          <p data-testid="jwt-crack-words" className={state.status === 'found' ? 'jwt-sig-valid' : undefined}>
            {crackWords(state)}
          </p>
          {state.status === 'found' && (
            <p className="jwt-hint">
              Now sign with it: in the debugger below, load the target’s token, make yourself admin, choose “sign it
              with the key below” and press “Sign with the cracked secret”.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
