import { z } from 'zod';
import { isRedisUrl, REDIS_URL_HINT } from './redis-url.ts';

/**
 * Lifetimes chosen together, so a class can watch sessions and tokens expire without waiting half an hour.
 * Each maps onto the server's config fields of the same names.
 */
export const TTL_PRESETS = {
  watch: {
    label: 'Watch them expire',
    description:
      'Session idle 30 s, absolute 3 min; access token 20 s; refresh token 5 min, at most 15 min after the login.',
    sessionIdleTtlMs: 30_000,
    sessionAbsoluteTtlMs: 180_000,
    accessTokenTtlMs: 20_000,
    refreshTokenTtlMs: 300_000,
    refreshMaxAgeMs: 900_000,
  },
  classroom: {
    label: 'Classroom',
    description:
      'Session idle 5 min, absolute 30 min; access token 2 min; refresh token 1 h, at most 3 h after the login.',
    sessionIdleTtlMs: 300_000,
    sessionAbsoluteTtlMs: 1_800_000,
    accessTokenTtlMs: 120_000,
    refreshTokenTtlMs: 3_600_000,
    refreshMaxAgeMs: 10_800_000,
  },
  standard: {
    label: 'Typical web app',
    description:
      'Session idle 30 min, absolute 8 h; access token 15 min; refresh token 7 days, at most 7 days after the login.',
    sessionIdleTtlMs: 1_800_000,
    sessionAbsoluteTtlMs: 28_800_000,
    accessTokenTtlMs: 900_000,
    refreshTokenTtlMs: 604_800_000,
    refreshMaxAgeMs: 604_800_000,
  },
} as const;

/** The name of a TTL preset. */
export type TtlPresetName = keyof typeof TTL_PRESETS;

const ttlPresetNames = Object.keys(TTL_PRESETS) as [TtlPresetName, ...TtlPresetName[]];

/** Where the desktop app keeps its sessions: `auto` (Redis when it answers, else embedded), embedded, or a Redis URL. */
export const storeSettingSchema = z.discriminatedUnion('backend', [
  z.object({ backend: z.literal('auto') }).strict(),
  z.object({ backend: z.literal('embedded') }).strict(),
  z
    .object({ backend: z.literal('redis'), url: z.string().max(2_048).refine(isRedisUrl, { message: REDIS_URL_HINT }) })
    .strict(),
]);

/** The desktop app's settings file (`settings.json` in the data dir). Every field has its default. */
export const settingsSchema = z
  .object({
    /** Which store the server uses; changing it restarts the server. */
    store: storeSettingSchema.default({ backend: 'auto' }),
    /** Lifetimes of sessions and tokens; changing it restarts the server. */
    ttlPreset: z.enum(ttlPresetNames).default('standard'),
    /** `system` follows the OS; the others override it. */
    theme: z.enum(['system', 'light', 'dark']).default('system'),
  })
  .strict();

/** What `settings:set` accepts: any subset of the settings. Unknown fields are refused. */
export const settingsPatchSchema = z
  .object({
    store: storeSettingSchema.optional(),
    ttlPreset: z.enum(ttlPresetNames).optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
  })
  .strict();

/** The desktop app's settings. */
export type Settings = z.infer<typeof settingsSchema>;
/** A change to some of the settings. */
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** The settings a new data dir starts with. */
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** The settings that only take effect when the server starts again. */
export function needsRestart(before: Settings, after: Settings): boolean {
  return JSON.stringify(before.store) !== JSON.stringify(after.store) || before.ttlPreset !== after.ttlPreset;
}
