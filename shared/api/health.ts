import { z } from 'zod';

/** Which backend holds the keyspace. */
export const storeKindSchema = z.enum(['redis', 'sqlite']);

/** How the store learns that a key expired. */
export const expiryEventsSchema = z.enum(['keyspace-notifications', 'ttl-polling', 'sweeper']);

/** What the store reports about itself: which backend, whether it answers, and why it was chosen. */
export const storeHealthSchema = z.object({
  kind: storeKindSchema,
  connected: z.boolean(),
  /** Why this backend was chosen (the `auto` probe result, or the explicit flag). */
  reason: z.string(),
  /** Where expiry events come from; `ttl-polling` means Redis refused `CONFIG SET notify-keyspace-events`. */
  expiryEvents: expiryEventsSchema,
  /** The last connection error while the store is unreachable, else null. */
  lastError: z.string().nullable(),
});

/** `GET /api/v1/health`. */
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: storeHealthSchema,
  version: z.string(),
  /** Seconds since the server started. */
  uptime: z.number(),
  /** The session cookie's name (`--cookie-name`), so the window can tell it apart from other cookies. */
  cookieName: z.string(),
  /** How long a session logged in with Remember me lasts (`--remember-me-ttl`), so the login form can say it. */
  rememberMeTtlMs: z.number(),
});

/** The parsed body of `GET /api/v1/health`. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;
/** The store part of the health report. */
export type StoreHealth = z.infer<typeof storeHealthSchema>;
/** `redis` or `sqlite`. */
export type StoreKind = z.infer<typeof storeKindSchema>;
