import { z } from 'zod';

/**
 * `GET`/`PUT /api/v1/lab/session-settings`: the cookie session's lifetimes, changeable at run time by the app's
 * own window (the expiry lab makes them short enough to watch). A restart returns to the config.
 */
export const sessionSettingsSchema = z
  .object({
    /** Idle lifetime: the key's TTL, renewed on activity. */
    idleTtlMs: z.number().int().min(2_000).max(86_400_000),
    /** Absolute lifetime, however active. */
    absoluteTtlMs: z
      .number()
      .int()
      .min(2_000)
      .max(7 * 86_400_000),
    /** A used session has its idle TTL renewed at most this often. */
    touchMs: z.number().int().min(0).max(3_600_000),
  })
  .strict();

/** The cookie session's lifetimes. */
export type SessionSettings = z.infer<typeof sessionSettingsSchema>;

/** Complete lifetimes as they may be in force: the touch interval shorter than the idle TTL, which is at most the absolute one. */
export const sessionLifetimesSchema = sessionSettingsSchema
  .refine((value) => value.touchMs < value.idleTtlMs, {
    message: 'touchMs must be shorter than idleTtlMs (else a busy session never slides)',
    path: ['touchMs'],
  })
  .refine((value) => value.idleTtlMs <= value.absoluteTtlMs, {
    message: 'idleTtlMs must not exceed absoluteTtlMs',
    path: ['idleTtlMs'],
  });
