/**
 * WebCrypto's types as both the page (DOM typings) and the unit tests (Node's typings) see them: the two declare
 * `CryptoKey` and `JsonWebKey` differently, so these name them by what `crypto.subtle` answers.
 */

/** A WebCrypto key. */
export type WebKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** A JSON Web Key (RFC 7517), public or private. */
export interface Jwk {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  d?: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  ext?: boolean;
}
