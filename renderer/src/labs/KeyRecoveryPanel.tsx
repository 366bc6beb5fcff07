import { useState } from 'react';
import { recoverPublicKey, type RecoveredKey } from '../jwt-attacks/key-recovery.ts';

/**
 * Lab 18's key recovery: two of the target's ES256 tokens in, its public key out (as a JWK and as the PEM text a server
 * prints), worked out in the page from the two signatures. The PEM is handed to the debugger's key area (`onRecovered`).
 */
export function KeyRecoveryPanel({
  tokens,
  onRecovered,
}: {
  tokens: readonly string[];
  onRecovered: (key: RecoveredKey) => void;
}) {
  const [typed, setTyped] = useState<[string | null, string | null]>([null, null]);
  const [outcome, setOutcome] = useState<{ key: RecoveredKey } | { error: string } | null>(null);
  const latest = tokens.slice(-2);
  const first = typed[0] ?? latest[0] ?? '';
  const second = typed[1] ?? latest[1] ?? '';
  const recover = async () => {
    const result = await recoverPublicKey(first.trim(), second.trim());
    setOutcome(result.ok ? { key: result.value } : { error: result.error });
    if (result.ok) onRecovered(result.value);
  };

  return (
    <section className="card jwt-recovery" aria-label="Recover the public key" data-testid="jwt-recovery">
      <h2>Recover the target’s public key from two tokens</h2>
      <p className="jwt-hint">
        The target publishes no key, but every ES256 signature gives it away: from a signature (r, s) the signer’s key
        is one of two curve points, r⁻¹·(s·R − hash·G), one for each point R whose x is r. A second token narrows the
        two to the one they share. This runs here, in the page, on the numbers in the two signatures.
      </p>
      {(['First', 'Second'] as const).map((which, index) => (
        <label key={which} className="jwt-field">
          {which} ES256 token
          <textarea
            rows={2}
            spellCheck={false}
            data-testid={`jwt-recovery-token-${index + 1}`}
            value={index === 0 ? first : second}
            onChange={(event) =>
              setTyped((current) => (index === 0 ? [event.target.value, current[1]] : [current[0], event.target.value]))
            }
          />
        </label>
      ))}
      <button type="button" data-testid="jwt-recover" disabled={!first || !second} onClick={() => void recover()}>
        Recover the public key
      </button>
      {outcome && 'error' in outcome && (
        <p className="jwt-error" role="alert">
          {outcome.error}
        </p>
      )}
      {outcome && 'key' in outcome && (
        <div data-testid="jwt-recovered">
          <p className="jwt-sig-valid">
            Found it: both signatures come from this public key. A server that lets the header say HS256 will use its
            PEM text, trailing newline included, as the HMAC secret.
          </p>
          <h3 className="jwt-subheading">As a JWK</h3>
          <pre className="jwt-subject">{JSON.stringify(outcome.key.jwk, null, 2)}</pre>
          <h3 className="jwt-subheading">As PEM (SPKI), exactly as the server prints it</h3>
          <pre className="jwt-subject" data-testid="jwt-recovered-pem">
            {outcome.key.pem}
          </pre>
        </div>
      )}
    </section>
  );
}
