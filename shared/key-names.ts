/**
 * The prefixes of the store keys the server writes, for code on both sides that reads them (the server's
 * key builders, the renderer's labs and panels). The full layout is in docs/store.md's key-layout table.
 */
export const KEY_PREFIXES = {
  /** `sl:sess:{sid}`: a cookie session's record. */
  session: 'sl:sess:',
  /** `sl:user_sessions:{uid}`: the set of a user's session ids. */
  userSessions: 'sl:user_sessions:',
  /** `sl:denylist:{jti}`: a logged-out access token. */
  denylist: 'sl:denylist:',
  /** `sl:refresh:{id}`: a live refresh token. */
  refresh: 'sl:refresh:',
} as const;
