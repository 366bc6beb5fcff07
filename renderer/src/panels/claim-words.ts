/**
 * The abbreviations a token shows, in words a learner knows (RFC 7515 and 7519 for the registered ones; `role`,
 * `acct` and `fam` are this server's own).
 */
export const CLAIM_WORDS: Readonly<Record<string, string>> = {
  alg: 'algorithm: how the signature is made (HS256: a shared secret; ES256, EdDSA: a key pair)',
  kid: 'key id: which of the server’s keys signed it',
  typ: 'type: a JWT',
  iss: 'issuer: who made the token',
  aud: 'audience: who should accept it',
  sub: 'subject: the user id it speaks for',
  jti: 'JWT id: this token’s own id (the denylist names it on logout)',
  iat: 'issued at',
  nbf: 'not before: not valid earlier',
  exp: 'expires: not valid after',
  role: 'the user’s role when the token was made (frozen until a new token)',
  acct: 'account key: which account the id meant when the token was made',
  fam: 'family: the login its refresh tokens belong to (a logout revokes it)',
};

/** Epoch seconds as local time and how long ago or ahead, e.g. "5:20:31 PM (2 min ago)". */
export function whenText(epochSeconds: number, now: number): string {
  const at = epochSeconds * 1_000;
  const seconds = Math.round((at - now) / 1_000);
  const span = Math.abs(seconds) < 120 ? `${Math.abs(seconds)} s` : `${Math.round(Math.abs(seconds) / 60)} min`;
  return `${new Date(at).toLocaleTimeString()} (${seconds === 0 ? 'now' : seconds < 0 ? `${span} ago` : `in ${span}`})`;
}
