import type { z } from 'zod';
import { CSRF_HEADER, meResponseSchema, sessionListSchema, type MeResponse } from '../../../shared/api/session.ts';
import { demoAccountsSchema } from '../../../shared/api/demo.ts';
import { storeOutageResponseSchema } from '../../../shared/api/lab-outage.ts';
import { sessionSettingsSchema, type SessionSettings } from '../../../shared/api/lab-session.ts';
import { errorBodySchema } from '../../../shared/api/error.ts';
import { healthResponseSchema } from '../../../shared/api/health.ts';
import { LAB_KEY_HEADER, LAB_KEY_PARAM } from '../../../shared/lab-key.ts';
import { learnSessionCookieName } from './session-cookie-name.ts';
import { learnDelivery, tokenCallsOmitCookies } from './token-delivery.ts';
import {
  expireResponseSchema,
  keyDetailSchema,
  keyPageSchema,
  sealResponseSchema,
  tamperResponseSchema,
} from '../../../shared/api/inspector.ts';
import { sessionEncryptionSchema } from '../../../shared/api/lab-session-encryption.ts';
import { consoleResponseSchema } from '../../../shared/api/inspector-console.ts';
import { keyGroupsSchema } from '../../../shared/api/key-groups.ts';
import {
  csrfDefencesResponseSchema,
  evilOriginResponseSchema,
  lootResponseSchema,
  xssSiteResponseSchema,
  type CsrfDefences,
} from '../../../shared/api/lab-attacks.ts';
import { plantSessionResponseSchema, replayResponseSchema, type ReplayRequest } from '../../../shared/api/lab.ts';
import { JWKS_PATH, jwksSchema } from '../../../shared/api/jwks.ts';
import { tokenSizeResponseSchema } from '../../../shared/api/lab-token-size.ts';
import { loadStatusSchema, type LoadRequest } from '../../../shared/api/lab-load.ts';
import { secondInstanceStatusSchema, type InstanceStore } from '../../../shared/api/lab-scale-out.ts';
import { labSwitchesSchema } from '../../../shared/api/lab-switches.ts';
import {
  evilJwksResponseSchema,
  jwtAttackSwitchesSchema,
  jwtAttackTokenSchema,
  jwtTargetResponseSchema,
  type JwtAttackSwitches,
} from '../../../shared/api/lab-jwt-attacks.ts';
import { staleClaimsRoleResponseSchema, type StaleClaimsRole } from '../../../shared/api/lab-stale-claims.ts';
import { corsPolicySchema, corsReportsSchema, corsSitesSchema, type CorsMode } from '../../../shared/api/lab-cors.ts';
import { clearKeysResponseSchema, type LabKeyKind } from '../../../shared/api/lab-clear-keys.ts';
import { mfaSetupResponseSchema } from '../../../shared/api/mfa.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import {
  tokenDataSchema,
  tokenInspectionSchema,
  tokenResponseSchema,
  tokenSettingsSchema,
  type TokenSettingsBody,
} from '../../../shared/api/tokens.ts';

/** An error answer from the server, with its stable code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** How one call is made. */
interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** The credential's CSRF token, sent on changes. */
  csrf?: string;
  /** A Bearer access token. */
  bearer?: string;
  labKey?: string | null;
  signal?: AbortSignal;
  /**
   * Send no cookies (`credentials: 'omit'`): only the Bearer token or the lab key speaks for the caller. By default a
   * call with the lab key goes without them (the window's lab calls need no session, and the server reads none).
   */
  omitCookies?: boolean;
}

/** One request; the answer is parsed with `schema` (a 204 needs none), an error answer becomes an ApiError. */
async function call<T>(path: string, schema: z.ZodType<T> | null, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.csrf) headers[CSRF_HEADER] = options.csrf;
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  if (options.labKey) headers[LAB_KEY_HEADER] = options.labKey;
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: (options.omitCookies ?? Boolean(options.labKey)) ? 'omit' : 'same-origin',
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'SERVER_UNREACHABLE', 'The Session Lab server does not answer');
  }
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = errorBodySchema.safeParse(body);
    throw parsed.success
      ? new ApiError(res.status, parsed.data.error.code, parsed.data.error.message)
      : new ApiError(res.status, 'BAD_RESPONSE', `HTTP ${res.status}`);
  }
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ApiError(
      res.status,
      'BAD_RESPONSE',
      `The answer of ${path} does not match its contract: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  return parsed.data;
}

/** Credentials of the cookie half: the browser sends the cookie itself, the page adds the CSRF token. */
interface Csrf {
  csrf: string;
}

const keyPath = (key: string) => `${API_PATHS.inspectorKeys}/${encodeURIComponent(key)}`;

/** The typed API client: every answer is checked against the shared schema. */
export const api = {
  health: (signal?: AbortSignal) =>
    call(API_PATHS.health, healthResponseSchema, { signal }).then(learnSessionCookieName),
  demoAccounts: (signal?: AbortSignal) => call(API_PATHS.demoAccounts, demoAccountsSchema, { signal }),

  session: {
    login: (username: string, password: string, remember = false): Promise<MeResponse> =>
      call(API_PATHS.sessionLogin, meResponseSchema, { method: 'POST', body: { username, password, remember } }),
    me: (signal?: AbortSignal) => call(API_PATHS.sessionMe, meResponseSchema, { signal }),
    logout: ({ csrf }: Csrf) => call(API_PATHS.sessionLogout, null, { method: 'POST', csrf }),
    list: () => call(API_PATHS.sessionList, sessionListSchema),
    revoke: (id: string, { csrf }: Csrf) =>
      call(`${API_PATHS.session}/${encodeURIComponent(id)}`, null, { method: 'DELETE', csrf }),
    revokeOthers: ({ csrf }: Csrf) => call(API_PATHS.sessionRevokeOthers, null, { method: 'POST', csrf }),
    mfaSetup: ({ csrf }: Csrf, code?: string) =>
      call(API_PATHS.mfaSetup, mfaSetupResponseSchema, { method: 'POST', csrf, body: code ? { code } : {} }),
    mfaVerify: (code: string, { csrf }: Csrf) =>
      call(API_PATHS.mfaVerify, meResponseSchema, { method: 'POST', csrf, body: { code } }),
  },

  token: {
    // The token half's calls leave the session cookie at home whenever they can (see token-delivery.ts).
    login: (username: string, password: string, totp?: string) =>
      call(API_PATHS.tokenLogin, tokenResponseSchema, {
        method: 'POST',
        body: totp ? { username, password, totp } : { username, password },
        omitCookies: tokenCallsOmitCookies(),
      }).then(learnDelivery),
    refresh: (refreshToken: string) =>
      call(API_PATHS.tokenRefresh, tokenResponseSchema, {
        method: 'POST',
        body: { refresh_token: refreshToken },
        omitCookies: tokenCallsOmitCookies(),
      }).then(learnDelivery),
    /** With body delivery the token goes as Bearer, alone; with cookie delivery the browser sends the cookie and the page the CSRF token. */
    logout: (credential: { bearer?: string; csrf?: string }) =>
      call(API_PATHS.tokenLogout, null, { method: 'POST', ...credential, omitCookies: Boolean(credential.bearer) }),
    /** With a Bearer token the call goes without cookies (the session cookie stays home); without, the token cookie goes. */
    data: (bearer?: string) => call(API_PATHS.tokenData, tokenDataSchema, { bearer, omitCookies: Boolean(bearer) }),
    settings: (labKey: string | null, { omitCookies }: { omitCookies?: boolean } = {}) =>
      call(API_PATHS.tokenSettings, tokenSettingsSchema, { labKey, omitCookies }).then(learnDelivery),
    changeSettings: (
      labKey: string | null,
      change: Partial<TokenSettingsBody>,
      { omitCookies }: { omitCookies?: boolean } = {},
    ) =>
      call(API_PATHS.tokenSettings, tokenSettingsSchema, { method: 'PUT', labKey, body: change, omitCookies }).then(
        learnDelivery,
      ),
    /** The payload-size lab: a real token for a demo account with `extraClaims` permission claims, and its size (needs the lab key). */
    withExtraClaims: (labKey: string | null, extraClaims: number) =>
      call(API_PATHS.labTokenSize, tokenSizeResponseSchema, { method: 'POST', labKey, body: { extraClaims } }),
    /** The server's published public keys. */
    jwks: () => call(JWKS_PATH, jwksSchema),
  },

  /** The outage lab: take the store away for `ms` (Redis only; the app's own window only). */
  labStoreOutage: {
    start: (labKey: string | null, ms: number) =>
      call(API_PATHS.labStoreOutage, storeOutageResponseSchema, { method: 'POST', labKey, body: { ms } }),
  },

  /** The scale-out lab's second instance ("B"): start it on a store, see it, stop it (the app's own window only). */
  labSecondInstance: {
    start: (labKey: string | null, store: InstanceStore) =>
      call(API_PATHS.labSecondInstance, secondInstanceStatusSchema, { method: 'PUT', labKey, body: { store } }),
    status: (labKey: string | null) => call(API_PATHS.labSecondInstance, secondInstanceStatusSchema, { labKey }),
    stop: (labKey: string | null) =>
      call(API_PATHS.labSecondInstance, secondInstanceStatusSchema, { method: 'DELETE', labKey }),
  },

  /** The load lab: N virtual users on the session and token checks (the app's own window only). */
  labLoad: {
    start: (labKey: string | null, request: LoadRequest) =>
      call(API_PATHS.labLoad, loadStatusSchema, { method: 'POST', labKey, body: request }),
    status: (labKey: string | null) => call(API_PATHS.labLoad, loadStatusSchema, { labKey }),
    stop: (labKey: string | null) => call(API_PATHS.labLoad, loadStatusSchema, { method: 'DELETE', labKey }),
  },
  /** The cookie session's lifetimes at run time (the expiry lab); the app's own window only. */
  sessionSettings: {
    read: (labKey: string | null) => call(API_PATHS.labSessionSettings, sessionSettingsSchema, { labKey }),
    change: (labKey: string | null, change: Partial<SessionSettings>) =>
      call(API_PATHS.labSessionSettings, sessionSettingsSchema, { method: 'PUT', labKey, body: change }),
    restore: (labKey: string | null) =>
      call(API_PATHS.labSessionSettings, sessionSettingsSchema, { method: 'DELETE', labKey }),
  },

  /** Whether new cookie-session writes are encrypted at rest, and its keys (the app's own window only). */
  sessionEncryption: {
    read: (labKey: string | null) => call(API_PATHS.labSessionEncryption, sessionEncryptionSchema, { labKey }),
    change: (labKey: string | null, enabled: boolean) =>
      call(API_PATHS.labSessionEncryption, sessionEncryptionSchema, { method: 'PUT', labKey, body: { enabled } }),
    rotate: (labKey: string | null) =>
      call(API_PATHS.labSessionEncryptionRotate, sessionEncryptionSchema, { method: 'POST', labKey, body: {} }),
  },

  /** Every run-time switch the labs may change that differs from the launch configuration; restore puts them all back. */
  labSwitches: {
    read: (labKey: string | null) => call(API_PATHS.labSwitches, labSwitchesSchema, { labKey }),
    restore: (labKey: string | null) => call(API_PATHS.labSwitches, labSwitchesSchema, { method: 'DELETE', labKey }),
  },

  /** Lab 13's admin: changes a user's role through the admin API on the loopback port; `restore` puts roles back. */
  labStaleClaims: {
    changeRole: (labKey: string | null, change: StaleClaimsRole) =>
      call(API_PATHS.labStaleClaimsRole, staleClaimsRoleResponseSchema, { method: 'POST', labKey, body: change }),
    restore: (labKey: string | null) => call(API_PATHS.labStaleClaimsRole, null, { method: 'DELETE', labKey }),
  },

  /** Lab 14: its target's CORS policy, its partner and attacker pages, and what they reported home. */
  labCors: {
    policy: (labKey: string | null) => call(API_PATHS.labCors, corsPolicySchema, { labKey }),
    setPolicy: (labKey: string | null, mode: CorsMode) =>
      call(API_PATHS.labCors, corsPolicySchema, { method: 'PUT', labKey, body: { mode } }),
    startSites: (labKey: string | null) =>
      call(API_PATHS.labCorsSites, corsSitesSchema, { method: 'POST', labKey, body: {} }),
    reports: (labKey: string | null) => call(API_PATHS.labCorsReports, corsReportsSchema, { labKey }),
    forgetReports: (labKey: string | null) => call(API_PATHS.labCorsReports, null, { method: 'DELETE', labKey }),
  },

  lab: {
    /** The server sends one GET of the API to itself with exactly these headers (a copied cookie or token) and says what it got. */
    replay: (labKey: string | null, request: ReplayRequest) =>
      call(API_PATHS.labReplay, replayResponseSchema, { method: 'POST', labKey, body: request }),
    /** The server sets this browser's session cookie to an id of its choosing (a fixation attack's first move). */
    plantSession: (labKey: string | null) =>
      // With cookies: a fetch that omits them also ignores the Set-Cookie of its answer.
      call(API_PATHS.labPlantSession, plantSessionResponseSchema, {
        method: 'POST',
        labKey,
        body: {},
        omitCookies: false,
      }),
    /** Starts the attacker's server on another loopback port (once) and answers its URLs (labs 5 and 6). */
    evilOrigin: (labKey: string | null) =>
      call(API_PATHS.labEvilOrigin, evilOriginResponseSchema, { method: 'POST', labKey, body: {} }),
    /** What the evil origin's script reported home; `forgetLoot` empties it. */
    loot: (labKey: string | null) => call(API_PATHS.labEvilOriginLoot, lootResponseSchema, { labKey }),
    forgetLoot: (labKey: string | null) => call(API_PATHS.labEvilOriginLoot, null, { method: 'DELETE', labKey }),
    /** Starts lab 5's site (the vulnerable page's own loopback origin) once, and answers its URL; `xssSiteStatus` only asks; `stopXssSite` stops it. */
    xssSite: (labKey: string | null) =>
      call(API_PATHS.labXssSite, xssSiteResponseSchema, { method: 'POST', labKey, body: {} }),
    xssSiteStatus: (labKey: string | null) => call(API_PATHS.labXssSite, xssSiteResponseSchema, { labKey }),
    stopXssSite: (labKey: string | null) => call(API_PATHS.labXssSite, null, { method: 'DELETE', labKey }),
    /** The CSRF lab target's defences: switch some off, or restore them all. */
    csrfDefences: (labKey: string | null, change: Partial<CsrfDefences>) =>
      call(API_PATHS.labCsrfDefences, csrfDefencesResponseSchema, { method: 'PUT', labKey, body: change }),
    readCsrfDefences: (labKey: string | null) =>
      call(API_PATHS.labCsrfDefences, csrfDefencesResponseSchema, { labKey }),
    restoreCsrfDefences: (labKey: string | null) =>
      call(API_PATHS.labCsrfDefences, csrfDefencesResponseSchema, { method: 'DELETE', labKey }),
    /** Removes the denylist, refresh and throttle keys earlier labs left behind (all three kinds unless named). */
    clearKeys: (labKey: string | null, kinds?: LabKeyKind[]) =>
      call(API_PATHS.labClearKeys, clearKeysResponseSchema, { method: 'POST', labKey, body: kinds ? { kinds } : {} }),
  },

  /** The JWT attack labs (15–18), the app's own window only: the target's switches and issuer, the target, the evil origin's JWKS. */
  labJwt: {
    switches: (labKey: string | null) => call(API_PATHS.labJwtAttacks, jwtAttackSwitchesSchema, { labKey }),
    change: (labKey: string | null, change: Partial<JwtAttackSwitches>) =>
      call(API_PATHS.labJwtAttacks, jwtAttackSwitchesSchema, { method: 'PUT', labKey, body: change }),
    /** A token for alice from the lab target's own issuer (HS256 with the weak secret, or its unpublished ES256 key). */
    token: (labKey: string | null) =>
      call(API_PATHS.labJwtAttacksToken, jwtAttackTokenSchema, { method: 'POST', labKey, body: {} }),
    /** The lab's "admin panel": what its verifier (naive while the switch is on) makes of the token. */
    target: (labKey: string | null, token: string) =>
      call(API_PATHS.labJwtTarget, jwtTargetResponseSchema, { labKey, bearer: token, omitCookies: true }),
    /** Has the evil origin serve these public keys at its /jwks.json; answers that URL. */
    publishJwks: (labKey: string | null, keys: object[]) =>
      call(API_PATHS.labEvilOriginJwks, evilJwksResponseSchema, { method: 'PUT', labKey, body: { keys } }),
  },

  jwt: {
    inspect: (token: string) => call(API_PATHS.jwtInspect, tokenInspectionSchema, { method: 'POST', body: { token } }),
  },

  inspector: {
    keys: (labKey: string | null, query: { match: string; cursor: string; count?: number }, signal?: AbortSignal) =>
      call(
        `${API_PATHS.inspectorKeys}?${new URLSearchParams({ match: query.match, cursor: query.cursor, count: String(query.count ?? 200) })}`,
        keyPageSchema,
        { labKey, signal },
      ),
    key: (labKey: string | null, key: string, signal?: AbortSignal) =>
      call(keyPath(key), keyDetailSchema, { labKey, signal }),
    keyGroups: (labKey: string | null, match: string, signal?: AbortSignal) =>
      call(`${API_PATHS.inspectorKeyGroups}?${new URLSearchParams({ match })}`, keyGroupsSchema, { labKey, signal }),
    deleteKey: (labKey: string | null, key: string) => call(keyPath(key), null, { method: 'DELETE', labKey }),
    expireKey: (labKey: string | null, key: string, ms: number) =>
      call(`${keyPath(key)}/expire`, expireResponseSchema, { method: 'POST', labKey, body: { ms } }),
    /** Flips one byte of an encrypted session record's ciphertext in the store (its TTL kept). */
    tamper: (labKey: string | null, key: string) =>
      call(`${keyPath(key)}/tamper`, tamperResponseSchema, { method: 'POST', labKey, body: {} }),
    seal: (labKey: string | null, key: string) =>
      call(`${keyPath(key)}/seal`, sealResponseSchema, { method: 'POST', labKey, body: {} }),
    /** One redis-cli line, run by the console on the store the server uses. */
    console: (labKey: string | null, command: string) =>
      call(API_PATHS.inspectorConsole, consoleResponseSchema, { method: 'POST', labKey, body: { command } }),
    /** The HAR export as a Blob (fetched with the lab key in its header, never in a URL). */
    har: async (labKey: string | null): Promise<Blob> => {
      const res = await fetch(API_PATHS.inspectorHar, { headers: labKey ? { [LAB_KEY_HEADER]: labKey } : {} });
      if (!res.ok) throw new ApiError(res.status, 'BAD_RESPONSE', `HAR export failed: HTTP ${res.status}`);
      return res.blob();
    },
    /** The event stream's URL: EventSource cannot send headers, so the key goes in the query (the server never records it). */
    eventsUrl: (labKey: string | null) =>
      `${API_PATHS.inspectorEvents}?${new URLSearchParams({ [LAB_KEY_PARAM]: labKey ?? '' })}`,
  },
};
