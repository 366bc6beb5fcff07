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
export const keyTypeSchema = z.enum(['string', 'set']);

/** One row of a key page. */
export const keyRowSchema = z.object({
  key: z.string(),
  type: keyTypeSchema,
  /** Milliseconds to live when read; -1 for none. */
  pttl: z.number(),
  /** Bytes of the value (string) or members (set). */
  size: z.number(),
  /** The value, cut at 200 characters; a set's members joined by ", ". */
  preview: z.string(),
});

/** The answer of `GET /api/v1/inspector/keys`: one SCAN step. Cursor `0` means the scan is complete. */
export const keyPageSchema = z.object({ cursor: z.string(), keys: z.array(keyRowSchema) });

/** The answer of `GET /api/v1/inspector/keys/:key`. */
export const keyDetailSchema = z.object({
  key: z.string(),
  type: keyTypeSchema,
  pttl: z.number(),
  size: z.number(),
  /** A string's value (pretty-printed when it is JSON), or a set's members. */
  value: z.union([z.string(), z.array(z.string())]),
  /** The redis-cli commands that read this key. */
  commands: z.array(z.string()),
  /** What the key means to the app (a session's user and expiries, a denylisted jti…), or null. */
  decoded: z.record(z.string(), z.unknown()).nullable(),
});

/** The answer of `POST /api/v1/inspector/keys/:key/expire`. */
export const expireResponseSchema = z.object({ key: z.string(), pttl: z.number() });

/** One row of a key page. */
export type KeyRow = z.infer<typeof keyRowSchema>;
/** One SCAN step of the key browser. */
export type KeyPage = z.infer<typeof keyPageSchema>;
/** The full view of one key. */
export type KeyDetail = z.infer<typeof keyDetailSchema>;
