import { z } from 'zod';

/**
 * The kinds of keys earlier labs and flows leave behind, which "clear lab keys" removes: logged-out tokens' denylist
 * entries, refresh-token families (tokens, families, rotated and revoked markers, users' lists of families), and login
 * and code attempt counters. Never cookie sessions, their users' indexes, or accounts.
 */
export const LAB_KEY_KINDS = ['denylist', 'refresh', 'throttle'] as const;

/** One kind of {@link LAB_KEY_KINDS}. */
export type LabKeyKind = (typeof LAB_KEY_KINDS)[number];

/** `POST /api/v1/lab/clear-keys {kinds?}`: the kinds to remove, each at most once; all three when left out. */
export const clearKeysRequestSchema = z
  .object({
    kinds: z
      .array(z.enum(LAB_KEY_KINDS))
      .min(1)
      .max(LAB_KEY_KINDS.length)
      .refine((kinds) => new Set(kinds).size === kinds.length, 'each kind at most once')
      .optional(),
  })
  .strict();

/** The answer: how many keys were removed, by kind, and in all. */
export const clearKeysResponseSchema = z.object({
  removed: z.object({
    denylist: z.number().int().nonnegative(),
    refresh: z.number().int().nonnegative(),
    throttle: z.number().int().nonnegative(),
  }),
  total: z.number().int().nonnegative(),
});

export type ClearKeysRequest = z.infer<typeof clearKeysRequestSchema>;
export type ClearKeysResponse = z.infer<typeof clearKeysResponseSchema>;
