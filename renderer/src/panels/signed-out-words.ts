/** Why the cookie panel is signed out, in plain words, by the code the server answered (the code is shown after). */
const WORDS: Record<string, string> = {
  SESSION_EXPIRED: 'the session reached its absolute lifetime.',
  SESSION_COOKIE_INVALID: 'the server refused the cookie (its signature does not match).',
  SESSION_FINGERPRINT_MISMATCH: 'the session was bound to another browser or address; the server ended it.',
  SESSION_UNREADABLE:
    'the server could not decrypt the session record in the store (it was changed there), so it no longer trusts it.',
  SESSION_KEY_UNKNOWN: 'the session record was encrypted with a key the server no longer holds.',
};

/** The plain-words reason for a signed-out code, or null when there is none to add. */
export function signedOutWords(code: string): string | null {
  return WORDS[code] ?? null;
}
