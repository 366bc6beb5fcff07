import { z } from 'zod';
import { userViewSchema } from './users.ts';

/** `POST /api/v1/session/login` */
export const loginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  /** Remember me: a persistent cookie and a session that outlive closing the browser (`--remember-me-ttl`, 7 days). */
  remember: z.boolean().optional(),
});

/** Where a cookie session stands: `mfa_pending` reaches only /mfa/verify and /session/logout. */
export const sessionStateSchema = z.enum(['active', 'mfa_pending']);

/** What `GET /api/v1/session/me` tells about the session behind the cookie. */
export const sessionInfoSchema = z.object({
  /** A hash of the session id: enough to name it, useless to steal it. */
  id: z.string(),
  state: sessionStateSchema,
  createdAt: z.number(),
  lastSeenAt: z.number(),
  /** When the session ends if unused (its key's TTL). */
  idleExpiresAt: z.number(),
  /** When it ends however active. */
  absoluteExpiresAt: z.number(),
  /**
   * Remember me: the cookie is persistent (it survives closing the browser) and the session lives to its absolute
   * expiry with no idle timeout. `false`: a browser-session cookie, dropped when the browser closes.
   */
  remembered: z.boolean(),
  mfaVerified: z.boolean(),
  /** Send it back in the `X-CSRF-Token` header with every change. */
  csrfToken: z.string(),
});

/** `GET /api/v1/session/me` and the answer of a login. */
export const meResponseSchema = z.object({
  user: userViewSchema,
  session: sessionInfoSchema,
});

/** One of my sessions, in `GET /api/v1/session/list`. */
export const sessionListItemSchema = z.object({
  id: z.string(),
  userAgent: z.string(),
  ip: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  current: z.boolean(),
});

/** `GET /api/v1/session/list` */
export const sessionListSchema = z.object({ sessions: z.array(sessionListItemSchema) });

/** The header that carries the CSRF token. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** The session cookie's name unless `--cookie-name` says otherwise (the renderer learns the one in use from /health). */
export const DEFAULT_SESSION_COOKIE_NAME = 'sl_session';

/** The body of a login. */
export type LoginRequest = z.infer<typeof loginSchema>;
/** The answer of `GET /api/v1/session/me`. */
export type MeResponse = z.infer<typeof meResponseSchema>;
/** `active` or `mfa_pending`. */
export type SessionState = z.infer<typeof sessionStateSchema>;
