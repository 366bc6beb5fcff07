import { useState } from 'react';
import { type ApiError, api } from '../api/client.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Gloss } from '../glossary/Gloss.tsx';
import { askCookieAgain } from '../hooks/use-cookie-session.ts';
import { ciphertextOf, encryptedSummary, flippedSpan, refusalWords, tamperWords } from './encryption-words.ts';
import type { ServerSees, TamperResponse } from '../../../shared/api/inspector.ts';
import './encrypted-value.css';

/**
 * An encrypted session record: the ciphertext exactly as the store holds it, and beside it what the server decrypts
 * it to ("what the server sees", decrypted on the server for this window alone), or why it cannot; and the tamper
 * action, which flips one byte of the ciphertext in the store.
 */
export function EncryptedValue({
  labKey,
  keyName,
  stored,
  sees,
}: {
  labKey: string | null;
  keyName: string;
  stored: string;
  sees: ServerSees;
}) {
  const [tampered, setTampered] = useState<TamperResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const tamper = () =>
    api.inspector.tamper(labKey, keyName).then(
      (result) => {
        setTampered(result);
        setError(null);
        // Every part of the window follows: the cookie panel (and the strip over it) asks the server again.
        askCookieAgain();
      },
      (caught: ApiError) => setError(caught),
    );
  return (
    <section className="encrypted-value" aria-label="The encrypted session record" data-testid="encrypted-value">
      <p data-testid="encrypted-summary">
        <Gloss term="AES-256-GCM" /> · {encryptedSummary(sees)}
      </p>
      <div className="encrypted-pair">
        <div>
          <h4>In the store (ciphertext)</h4>
          <pre className="value" tabIndex={0} data-testid="key-value">
            <StoredWithFlip stored={stored} tampered={tampered} />
          </pre>
        </div>
        <div>
          <h4>What the server sees</h4>
          {sees.value !== null ? (
            <pre className="value server-sees" tabIndex={0} data-testid="server-sees">
              {sees.value}
            </pre>
          ) : (
            <div className="server-refuses" data-testid="server-sees-error">
              <p>401 — {refusalWords(sees.error?.code ?? '')}</p>
              <p className="muted">
                <code>401 {sees.error?.code}</code> {sees.error?.message}
              </p>
            </div>
          )}
        </div>
      </div>
      <div className="actions">
        <button
          type="button"
          className="danger"
          data-testid="tamper"
          disabled={sees.value === null}
          onClick={() => void tamper()}
        >
          Flip one byte of the ciphertext
        </button>
      </div>
      {tampered ? (
        <p className="tamper-result" role="status" data-testid="tamper-result">
          {tamperWords(tampered)}
        </p>
      ) : (
        <p className="muted">
          An attacker who can write to the store could try this. AES-GCM notices: any changed byte makes the
          authentication tag fail, so the server refuses the record instead of reading altered data.
        </p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

/** The stored value, with the characters of the flipped byte marked while the store still holds what the flip wrote. */
function StoredWithFlip({ stored, tampered }: { stored: string; tampered: TamperResponse | null }) {
  // The detail shows the envelope pretty-printed: the same ciphertext is what says the flip is still what is stored.
  const current = tampered !== null && ciphertextOf(tampered.value) === ciphertextOf(stored);
  const span = current ? flippedSpan(stored, tampered.byte.index) : null;
  if (!span) return <>{stored}</>;
  return (
    <>
      {stored.slice(0, span.start)}
      <mark
        className="flipped-byte"
        data-testid="flipped-byte"
        title={`Byte ${tampered!.byte.index} of the ciphertext: ${tampered!.byte.before} → ${tampered!.byte.after}`}
      >
        {stored.slice(span.start, span.end)}
      </mark>
      {stored.slice(span.end)}
    </>
  );
}
