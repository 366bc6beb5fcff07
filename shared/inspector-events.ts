import { z } from 'zod';
import { loadEventSchema } from './api/lab-load.ts';
import type { KeyChange, StoreStatusChange } from './store-events.ts';

const keyChangeOpSchema = z.enum([
  'set',
  'del',
  'pexpire',
  'persist',
  'sadd',
  'srem',
  'zadd',
  'zrem',
  'incr',
  'expired',
  'evicted',
]);

/** A store change as the inspector streams it (SSE event `key`), with what caused it. */
export const keyEventSchema = z.object({
  op: keyChangeOpSchema,
  key: z.string(),
  pttl: z.number().optional(),
  at: z.number(),
  command: z.string(),
  /**
   * The id of the HTTP exchange that made the write, `expiry` for the store's own removals, `inspector` (a key's
   * Delete or Expire), `console` (a command the learner typed), `load` (a load run's request, counted not recorded),
   * or `migration` (the sessions copied from the previous store at start-up).
   */
  cause: z.union([
    z.number(),
    z.literal('expiry'),
    z.literal('inspector'),
    z.literal('console'),
    z.literal('load'),
    z.literal('migration'),
  ]),
  /**
   * `b` for a change in lab 9's instance B's own in-memory store, which is not the app's store: drawn on its own lane
   * and in the command log, never in the keyspace. Absent for the app's store.
   */
  store: z.literal('b').optional(),
});

const headersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** One HTTP exchange as the inspector streams it (SSE event `http`; passwords and TOTP codes redacted, bodies cut at 2 KiB). */
export const httpEventSchema = z.object({
  id: z.number(),
  method: z.string(),
  path: z.string(),
  status: z.number(),
  /** Milliseconds from the request's arrival to the response's end. */
  duration: z.number(),
  /**
   * The part of `duration` spent waiting for the store: ms while at least one store call was under way (calls side by
   * side count once), and the commands sent (a MULTI's writes each count), reads and writes. Absent when the store
   * that answered is not measured (lab 9's instance B on its own in-memory store).
   */
  storeTime: z
    .object({
      ms: z.number().nonnegative(),
      commands: z.number().int().nonnegative(),
      reads: z.number().int().nonnegative(),
      writes: z.number().int().nonnegative(),
    })
    .optional(),
  startedAt: z.number(),
  requestHeaders: headersSchema,
  responseHeaders: headersSchema,
  requestBody: z.string().nullable(),
  responseBody: z.string().nullable(),
  /**
   * The store reads this exchange made (GET, EXISTS, SMEMBERS, SCARD, PTTL, TYPE), in order, as the redis-cli commands
   * that make them (at most 100; `readsDropped` says how many more).
   */
  reads: z.array(z.object({ key: z.string(), command: z.string(), at: z.number() })).optional(),
  readsDropped: z.number().int().nonnegative().optional(),
  /** How many `key` events this exchange caused: they follow it on the stream (a client knows when it has them all). */
  effects: z.number().int().nonnegative().optional(),
  /** Set when lab 9's second instance answered it (not the app's own server): its name, the store it ran on, and the port it answered on. */
  instance: z.object({ name: z.literal('B'), store: z.enum(['shared', 'memory']), port: z.number().int() }).optional(),
  /**
   * Set when another page sent the request (the browser said `Sec-Fetch-Site: cross-site` or `same-site`, or an Origin
   * other than the origin it was sent to): a lab's attacker or partner page, or any page on the internet. `origin` is
   * that page's origin as the browser named it, or null when it did not say (an `<img>`, a sandboxed frame). Such
   * exchanges are kept apart, in a smaller log of their own, so they can never push the learner's own out.
   */
  from: z.object({ origin: z.string().nullable() }).optional(),
});

/** A change of the store's reachability (SSE event `store`). */
export const storeEventSchema = z.object({
  kind: z.enum(['redis', 'sqlite']),
  connected: z.boolean(),
  event: z.enum(['outage', 'recovered']),
  at: z.number(),
  lastError: z.string().nullable(),
});

/** What the server publishes every second (SSE event `metrics`). */
export const metricsEventSchema = z.object({
  liveSessions: z.number(),
  sessionsCreatedPerSecond: z.number(),
  sessionsDestroyedPerSecond: z.number(),
  storeLatencyMs: z.object({ p50: z.number(), p99: z.number(), ops: z.number() }),
  /** Redis' used_memory in bytes; null on the embedded store, or when Redis does not answer. */
  usedMemory: z.number().nullable(),
  /** Which backend the figures are of. */
  storeKind: z.enum(['redis', 'sqlite']),
  /**
   * The embedded store's file, read from SQLite (`PRAGMA page_count`, `page_size`) and the size of its write-ahead
   * log; null on Redis, or when the file could not be read.
   */
  storeFile: z.object({ pages: z.number(), pageSize: z.number(), walBytes: z.number() }).nullable(),
});

/** Events the client missed (SSE event `dropped`): `dropped` is null when the count is unknown (a restarted server). */
export const droppedEventSchema = z.object({ dropped: z.number().nullable(), reason: z.string() });

/**
 * A read the learner typed in the inspector's console (SSE event `read`): it changed nothing, so it has no key event,
 * and no exchange made it (the reads an exchange made come in its http event).
 */
export const consoleReadEventSchema = z.object({
  key: z.string(),
  command: z.string(),
  at: z.number(),
  cause: z.literal('console'),
});

/** Every event type of the inspector's stream and its schema. */
export const INSPECTOR_EVENT_SCHEMAS = {
  key: keyEventSchema,
  read: consoleReadEventSchema,
  http: httpEventSchema,
  store: storeEventSchema,
  metrics: metricsEventSchema,
  dropped: droppedEventSchema,
  load: loadEventSchema,
} as const;

/** The name of an inspector stream event. */
export type InspectorEventType = keyof typeof INSPECTOR_EVENT_SCHEMAS;
/** A store change with its cause. */
export type KeyEvent = z.infer<typeof keyEventSchema>;
/** A read typed in the console. */
export type ConsoleReadEvent = z.infer<typeof consoleReadEventSchema>;
/** One recorded HTTP exchange. */
export type HttpEvent = z.infer<typeof httpEventSchema>;
/** A `metrics` event. */
export type MetricsEvent = z.infer<typeof metricsEventSchema>;
/** A `store` event. */
export type StoreEvent = z.infer<typeof storeEventSchema>;
/** A `dropped` event. */
export type DroppedEvent = z.infer<typeof droppedEventSchema>;

// The stream's schemas and the store's own change types must describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const keyEventMatchesChange: Same<Omit<KeyEvent, 'cause'>, KeyChange> = true;
const storeEventMatchesStatus: Same<StoreEvent, StoreStatusChange> = true;
void keyEventMatchesChange;
void storeEventMatchesStatus;
