import { z } from 'zod';

/** `GET /api/v1/inspector/key-groups?match=`: the keys matching `match` (only `sl:` keys), counted by group. */
export const keyGroupsQuerySchema = z.strictObject({
  match: z.string().startsWith('sl:', 'only Session Lab keys (sl:…) can be browsed').max(256).default('sl:*'),
});

/** At most this many keys of a group are named in the answer (a small group's members, for live counting). */
export const GROUP_KEYS_NAMED = 50;

/** One group of keys: `sl:sess:` and how many keys it has. */
export const keyGroupSchema = z.object({
  /** The group's prefix, `sl:<kind>:` (a key without a second `:` is a group of its own). */
  prefix: z.string(),
  count: z.number().int().nonnegative(),
  /** Bytes, summed on the server: see `measure`; null when nothing was measured. */
  bytes: z.number().nonnegative().nullable(),
  /** The group's keys when it has at most {@link GROUP_KEYS_NAMED}; absent for a larger group. */
  keys: z.array(z.string()).optional(),
});

/** The answer of `GET /api/v1/inspector/key-groups`. */
export const keyGroupsSchema = z.object({
  groups: z.array(keyGroupSchema),
  /** Keys counted. */
  scanned: z.number().int().nonnegative(),
  /** False when the scan stopped at its key or time bound before the end of the keyspace. */
  complete: z.boolean(),
  /**
   * What `bytes` is: `memory-usage`, the sum of Redis' `MEMORY USAGE` (the key, its value and Redis' overhead);
   * `value-bytes` on the embedded store, the bytes of the values only (a string's length, a set's members').
   */
  measure: z.enum(['memory-usage', 'value-bytes']),
  /** The server's time for the whole answer, in ms. */
  ms: z.number().nonnegative(),
});

/** One group of the key tree. */
export type KeyGroup = z.infer<typeof keyGroupSchema>;
/** The key tree's counts. */
export type KeyGroups = z.infer<typeof keyGroupsSchema>;
