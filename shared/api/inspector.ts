import { z } from 'zod';

/** `GET /api/v1/inspector/keys?match=&cursor=&count=` (only Session Lab's own `sl:` keys). */
export const keyPageQuerySchema = z.object({
  match: z.string().startsWith('sl:', 'only Session Lab keys (sl:…) can be browsed').max(256).default('sl:*'),
  cursor: z.string().max(1_024).default('0'),
  count: z.coerce.number().int().min(1).max(1_000).default(100),
});

/** `POST /api/v1/inspector/keys/:key/expire {ms}`: `-1` removes the TTL (PERSIST). */
export const expireBodySchema = z.strictObject({
  ms: z
    .number()
    .int()
    .min(-1)
    .max(100 * 365 * 86_400_000),
});

/** The type of a key, as `TYPE` answers. */
export const keyTypeSchema = z.enum(['string', 'set', 'zset']);

/**
 * Where a key lives on a Redis Cluster (absent on one redis-server and on the embedded store): its hash slot, and the
 * master that serves the slot.
 */
const placementFields = {
  /** `CLUSTER KEYSLOT` of the key's name as stored: 0–16383. */
  slot: z.number().int().min(0).max(16_383).optional(),
  /** The master that serves the slot, as `host:port`. */
  node: z.string().optional(),
};

/** One row of a key page. */
export const keyRowSchema = z.object({
  key: z.string(),
  type: keyTypeSchema,
  /** Milliseconds to live when read; -1 for none. */
  pttl: z.number(),
  /** Bytes of the value (string) or members (set, sorted set). */
  size: z.number(),
  /** The value, cut at 200 characters; a set's members joined by ", "; a sorted set's as `member (score)`, lowest first. */
  preview: z.string(),
  ...placementFields,
});

/** The answer of `GET /api/v1/inspector/keys`: one SCAN step. Cursor `0` means the scan is complete. */
export const keyPageSchema = z.object({ cursor: z.string(), keys: z.array(keyRowSchema) });

/**
 * An encrypted session record as the server reads it (`GET /api/v1/inspector/keys/:key`, the app's window only): the
 * key id it names, and the decrypted value, or why it does not decrypt (the 401 the session's next request answers).
 */
export const serverSeesSchema = z.object({
  /** The key id the stored value names, or null when the envelope is malformed. */
  kid: z.string().nullable(),
  /** The decrypted record, pretty-printed; null when it does not decrypt. */
  value: z.string().nullable(),
  /** Why it does not decrypt (SESSION_UNREADABLE, SESSION_KEY_UNKNOWN), or null. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

/** The answer of `GET /api/v1/inspector/keys/:key`. */
export const keyDetailSchema = z.object({
  key: z.string(),
  type: keyTypeSchema,
  pttl: z.number(),
  size: z.number(),
  /** A string's value (pretty-printed when it is JSON), a set's members, or a sorted set's as `member (score)`, lowest first. */
  value: z.union([z.string(), z.array(z.string())]),
  /** The redis-cli commands that read this key (on a cluster, and `CLUSTER KEYSLOT` that names its slot). */
  commands: z.array(z.string()),
  /** What the key means to the app (a session's user and expiries, a denylisted jti…), or null. */
  decoded: z.record(z.string(), z.unknown()).nullable(),
  /** For an encrypted session record: what the server decrypts it to (absent for every other key). */
  serverSees: serverSeesSchema.optional(),
  ...placementFields,
});

/** The answer of `POST /api/v1/inspector/keys/:key/tamper`: which byte of the ciphertext changed, and the value now. */
export const tamperResponseSchema = z.object({
  key: z.string(),
  /** The byte's position in the ciphertext (from 0), and its value before and after, as two hex digits. */
  byte: z.object({ index: z.number(), before: z.string(), after: z.string() }),
  /** The value as the store now holds it. */
  value: z.string(),
  pttl: z.number(),
});

/** The answer of `POST /api/v1/inspector/keys/:key/seal`: the plain session record rewritten encrypted, its TTL kept. */
export const sealResponseSchema = z.object({
  key: z.string(),
  /** The key id it was sealed with (the current one). */
  kid: z.string(),
  /** The value as the store now holds it (the envelope). */
  value: z.string(),
  pttl: z.number(),
});

/** The answer of `POST /api/v1/inspector/keys/:key/expire`. */
export const expireResponseSchema = z.object({ key: z.string(), pttl: z.number() });

/** One row of a key page. */
export type KeyRow = z.infer<typeof keyRowSchema>;
/** One SCAN step of the key browser. */
export type KeyPage = z.infer<typeof keyPageSchema>;
/** The full view of one key. */
export type KeyDetail = z.infer<typeof keyDetailSchema>;
/** An encrypted session record as the server reads it. */
export type ServerSees = z.infer<typeof serverSeesSchema>;
/** The answer of the tamper action. */
export type TamperResponse = z.infer<typeof tamperResponseSchema>;
/** The answer of the "encrypt this record now" action. */
export type SealResponse = z.infer<typeof sealResponseSchema>;
