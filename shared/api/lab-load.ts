import { z } from 'zod';

/** The checks a load run can hammer: the cookie session's (`GET /session/me`) and the token's (`GET /token/data`). */
export const LOAD_TARGETS = ['session', 'token'] as const;
/** One check under load. */
export type LoadTarget = (typeof LOAD_TARGETS)[number];

/** The most virtual users, and seconds, a run may have. */
export const LOAD_MAX_USERS = 50;
export const LOAD_MAX_SECONDS = 30;

/** `POST /api/v1/lab/load`: N virtual users hammer one check, or both (in alternate seconds), for a few seconds. */
export const loadRequestSchema = z.strictObject({
  users: z.number().int().min(1).max(LOAD_MAX_USERS),
  seconds: z.number().int().min(1).max(LOAD_MAX_SECONDS),
  target: z.enum(['session', 'token', 'both']),
});

/** A load request. */
export type LoadRequest = z.infer<typeof loadRequestSchema>;

/**
 * The header every request of a load run carries, with the run's random token as its value: the exchange
 * recorder counts such requests (into the `load` event) instead of recording each one.
 */
export const LOAD_HEADER = 'x-session-lab-load';

/** The stores a run can measure on: the embedded store (SQLite, in the server process), one Redis server, a Redis Cluster. */
export const LOAD_STORES = ['sqlite', 'redis', 'redis-cluster'] as const;

/**
 * One check's figures, measured in the server process (durations from the exchange recorder, CPU from
 * `process.cpuUsage()`). A run's requests are counted, not recorded, and answered by the checks alone (the signed
 * cookie and the session's store read; the token's signature and, with the denylist on, its store lookups) without
 * the app's own machinery for pages (recording, security headers, the Host/Origin guard, routing): the figures are
 * the mechanism's cost.
 */
export const loadFiguresSchema = z.object({
  /** Requests the server answered. */
  requests: z.number(),
  /** Of those, answered with anything but 200. */
  errors: z.number(),
  requestsPerSecond: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  /** The server process' CPU time (user + system) per request answered, in µs; null before a full second was measured. */
  cpuMicrosPerRequest: z.number().nullable(),
});

/** One check's figures. */
export type LoadFigures = z.infer<typeof loadFiguresSchema>;

/** A load run's progress (SSE event `load`, every second, and a last one with `done: true`). */
export const loadEventSchema = z.object({
  run: z.number(),
  /** Server clock, ms. */
  at: z.number(),
  startedAt: z.number(),
  users: z.number(),
  seconds: z.number(),
  target: z.enum(['session', 'token', 'both']),
  /** The demo account the run logged in as (real logins, recorded like any exchange). */
  account: z.string(),
  /** What the run measures on: the store, and the token half's switches as they were when it logged in. */
  conditions: z.object({
    store: z.enum(LOAD_STORES),
    algorithm: z.enum(['HS256', 'ES256', 'EdDSA']),
    denylist: z.enum(['on', 'off']),
  }),
  elapsedMs: z.number(),
  done: z.boolean(),
  /** Why it ended: its time was up, the Stop button, or a failure (its message in `error`). */
  endedBy: z.enum(['time', 'stopped', 'failed']).nullable(),
  error: z.string().nullable(),
  /** The last second alone: which check it hammered and its figures (null when the second answered nothing). */
  window: z.object({ target: z.enum(LOAD_TARGETS), figures: loadFiguresSchema }).nullable(),
  /** Each check's figures over the run so far. */
  totals: z.object({ session: loadFiguresSchema.optional(), token: loadFiguresSchema.optional() }),
  /** Requests the load client could not complete (refused, reset, timed out): never reached an answer. */
  clientErrors: z.number(),
  /**
   * On the last event: whether the run's own logins (a cookie session, a token login) were logged out, and what
   * was answered when one was not; null while it runs, or when it never logged in.
   */
  cleanup: z.object({ loggedOut: z.boolean(), problem: z.string().nullable() }).nullable(),
});

/** A `load` event. */
export type LoadEvent = z.infer<typeof loadEventSchema>;

/** `GET /api/v1/lab/load`: the run under way or the last one (its latest event), or null. */
export const loadStatusSchema = z.object({ running: z.boolean(), last: loadEventSchema.nullable() });
/** The load status. */
export type LoadStatus = z.infer<typeof loadStatusSchema>;
