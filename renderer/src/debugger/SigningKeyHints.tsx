import type { SigningInput } from './jwt-signing.ts';

/**
 * Whether the token checks out with the key area's key, in plain words. A signature that matches the key while the
 * header names another algorithm is not called verified: a verifier reads alg from the header and would check it
 * as that algorithm.
 */
export function KeyVerdict({
  verdict,
  headerAlg,
  keyAlg,
}: {
  verdict: boolean | undefined;
  headerAlg: unknown;
  keyAlg: string;
}) {
  const mismatch = verdict === true && headerAlg !== undefined && headerAlg !== keyAlg;
  const state = verdict === undefined ? undefined : mismatch ? 'alg-mismatch' : String(verdict);
  return (
    <p
      className={
        verdict === undefined
          ? 'jwt-hint'
          : verdict && !mismatch
            ? 'jwt-key-check jwt-sig-valid'
            : 'jwt-key-check jwt-sig-invalid'
      }
      data-testid="jwt-sign-verdict"
      data-verified={state}
    >
      {verdict === undefined
        ? 'Give a key to check the token’s signature with it.'
        : mismatch
          ? `✗ The signature matches this ${keyAlg} key, but the header says alg ${JSON.stringify(headerAlg)}: a verifier that reads the header checks it as ${String(headerAlg)} and refuses it. Set the header’s alg to ${keyAlg} first (the button above).`
          : verdict
            ? '✓ Signature verified with this key: whoever holds it could have signed this token.'
            : '✗ Not verified with this key: the signature was made with another key, or over other bytes.'}
    </p>
  );
}

/** Whether a text secret is a PEM block whose final newline is missing (as a mouse selection of it gives it). */
export function pemWithoutFinalNewline(input: SigningInput): boolean {
  return (
    input.encoding === 'text' &&
    /-----BEGIN [A-Z ]+-----/.test(input.secret) &&
    /-----END [A-Z ]+-----$/.test(input.secret)
  );
}

/** The warning over a PEM secret without its final newline, with the button that adds it. */
export function PemNewlineWarning({
  input,
  onInput,
}: {
  input: SigningInput;
  onInput: (change: Partial<SigningInput>) => void;
}) {
  if (!pemWithoutFinalNewline(input)) return null;
  return (
    <p className="jwt-error" data-testid="jwt-sign-pem-newline">
      This PEM has no newline after its last line. A server that uses its PEM file as an HMAC secret uses the file’s
      exact bytes, and a PEM file ends with a newline: without it this is another secret, and that server refuses the
      signature even though it checks out here.{' '}
      <button
        type="button"
        data-testid="jwt-sign-pem-add-newline"
        onClick={() => onInput({ secret: `${input.secret}\n` })}
      >
        Add the final newline
      </button>
    </p>
  );
}

/** What the evil origin serves after a publish: its URL, and the key set as JSON, as the naive target fetches it. */
export function PublishedJwks({ url, keys }: { url: string; keys: object[] }) {
  return (
    <div className="jwt-published" data-testid="jwt-published-jwks">
      <p className="jwt-hint">
        The evil origin serves this key set at <code data-testid="jwt-published-url">{url}</code>; a verifier that
        trusts jku fetches it and checks the token with the key whose kid matches (or the only one):
      </p>
      <pre>{JSON.stringify({ keys }, null, 2)}</pre>
    </div>
  );
}
