/** The one prefix of every API route. */
export const API_PREFIX = '/api/v1';

/** Whether a path belongs to the API (`/api` itself included), which answers JSON only. */
export function isApiPath(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === '/api' || lower.startsWith('/api/');
}

/** API paths shared by the server's router and the renderer's client. */
export const API_PATHS = {
  health: `${API_PREFIX}/health`,
  demoAccounts: `${API_PREFIX}/demo-accounts`,
  sessionLogin: `${API_PREFIX}/session/login`,
  sessionLogout: `${API_PREFIX}/session/logout`,
  sessionMe: `${API_PREFIX}/session/me`,
  sessionList: `${API_PREFIX}/session/list`,
  sessionRevokeOthers: `${API_PREFIX}/session/revoke-others`,
  /** `DELETE` with the session's public id appended. */
  session: `${API_PREFIX}/session`,
  mfaSetup: `${API_PREFIX}/mfa/setup`,
  mfaVerify: `${API_PREFIX}/mfa/verify`,
  tokenLogin: `${API_PREFIX}/token/login`,
  tokenRefresh: `${API_PREFIX}/token/refresh`,
  tokenLogout: `${API_PREFIX}/token/logout`,
  tokenData: `${API_PREFIX}/token/data`,
  tokenSettings: `${API_PREFIX}/lab/token-settings`,
  labReplay: `${API_PREFIX}/lab/replay`,
  labPlantSession: `${API_PREFIX}/lab/plant-session`,
  labKeysRotate: `${API_PREFIX}/lab/keys/rotate`,
  labSessionSettings: `${API_PREFIX}/lab/session-settings`,
  labSwitches: `${API_PREFIX}/lab/switches`,
  labStoreOutage: `${API_PREFIX}/lab/store-outage`,
  /** `POST {kinds?}`: removes the denylist, refresh and throttle keys earlier labs left behind. */
  labClearKeys: `${API_PREFIX}/lab/clear-keys`,
  /** `POST`: starts the attacker's server on another loopback port (labs 5 and 6). */
  labEvilOrigin: `${API_PREFIX}/lab/evil-origin`,
  labEvilOriginLoot: `${API_PREFIX}/lab/evil-origin/loot`,
  /** `POST`: starts lab 5's site (the vulnerable page's own loopback origin); `GET` its status; `DELETE` stops it. */
  labXssSite: `${API_PREFIX}/lab/xss-site`,
  /** The CSRF lab's target: a form-encoded POST with switchable defences. */
  labCsrfTransfer: `${API_PREFIX}/lab/csrf/transfer`,
  labCsrfDefences: `${API_PREFIX}/lab/csrf/defences`,
  /** `POST` a load run, `GET` its status, `DELETE` to stop it (lab 12). */
  labLoad: `${API_PREFIX}/lab/load`,
  /** `PUT {store}` starts (or restarts) lab 9's second instance, `GET` its status, `DELETE` stops it. */
  labSecondInstance: `${API_PREFIX}/lab/second-instance`,
  jwtInspect: `${API_PREFIX}/jwt/inspect`,
  /** `GET`/`PUT {naiveVerifier?, weakSecret?}`: the JWT attack labs' switches (the window only). */
  labJwtAttacks: `${API_PREFIX}/lab/jwt-attacks`,
  /** `POST {}`: a token for alice from the lab target's own issuer (weak HS256 secret, or its unpublished ES256 key). */
  labJwtAttacksToken: `${API_PREFIX}/lab/jwt-attacks/token`,
  /** `GET`: the bundled wordlist (text/plain, one candidate secret per line) the weak secret is picked from. */
  labJwtAttacksWordlist: `${API_PREFIX}/lab/jwt-attacks/wordlist`,
  /** `GET` with `Authorization: Bearer`: the JWT labs' target, verified naively or as the real API does. */
  labJwtTarget: `${API_PREFIX}/lab/jwt-target`,
  /** `PUT {keys}`: the public key set the evil origin serves at `<its url>/jwks.json` (the jku attack). */
  labEvilOriginJwks: `${API_PREFIX}/lab/evil-origin/jwks`,
  /** `GET`/`PUT {enabled}`: whether new cookie-session writes are encrypted at rest (the window only). */
  labSessionEncryption: `${API_PREFIX}/lab/session-encryption`,
  /** `POST`: a new session-encryption key, made current; records under the older ones still decrypt. */
  labSessionEncryptionRotate: `${API_PREFIX}/lab/session-encryption/rotate`,
  /** `POST {username, role}`: lab 13's admin changes a user's role through the admin API; `DELETE` puts roles back. */
  labStaleClaimsRole: `${API_PREFIX}/lab/stale-claims/role`,
  /** `GET`/`PUT {mode}`/`DELETE`: lab 14's CORS policy of its own target (the window only). */
  labCors: `${API_PREFIX}/lab/cors`,
  /** `POST`: starts lab 14's partner and attacker pages (two loopback ports). */
  labCorsSites: `${API_PREFIX}/lab/cors/sites`,
  /** `GET`/`DELETE`: what lab 14's pages read and reported home (the attacker's loot). */
  labCorsReports: `${API_PREFIX}/lab/cors/reports`,
  /** `GET` (the cookie session) and its `OPTIONS` preflight: lab 14's target, under the lab's CORS policy. */
  labCorsAccount: `${API_PREFIX}/lab/cors/account`,
  /** `POST`: a real access token with extra claims, and its size (the lab window only). */
  labTokenSize: `${API_PREFIX}/lab/token-size`,
  inspectorKeys: `${API_PREFIX}/inspector/keys`,
  /** `GET ?match=`: the keys counted by group, with their bytes (the key tree). */
  inspectorKeyGroups: `${API_PREFIX}/inspector/key-groups`,
  /** `POST {command}`: one redis-cli line, run on the store the server uses (the console). */
  inspectorConsole: `${API_PREFIX}/inspector/console`,
  inspectorEvents: `${API_PREFIX}/inspector/events`,
  inspectorHar: `${API_PREFIX}/inspector/har`,
} as const;
