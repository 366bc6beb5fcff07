import type { Config, ConfigInput } from '../server/config.ts';
import { knownConfigArgs, loadConfig } from '../server/config-sources.ts';
import { TTL_PRESETS, type Settings } from '../shared/settings.ts';

/** The config fields the desktop settings decide. */
export function settingsAsConfig(settings: Settings): ConfigInput {
  const preset = TTL_PRESETS[settings.ttlPreset];
  const store = settings.store.backend === 'embedded' ? 'sqlite' : settings.store.backend;
  return {
    store,
    ...(settings.store.backend === 'redis' ? { redisUrl: settings.store.url } : {}),
    sessionIdleTtlMs: preset.sessionIdleTtlMs,
    sessionAbsoluteTtlMs: preset.sessionAbsoluteTtlMs,
    accessTokenTtlMs: preset.accessTokenTtlMs,
    refreshTokenTtlMs: preset.refreshTokenTtlMs,
    refreshMaxAgeMs: preset.refreshMaxAgeMs,
  };
}

/** What a launch was given: its env vars and command line (the same flags as `session-lab serve`). */
export interface Launch {
  env: NodeJS.ProcessEnv;
  argv: string[];
}

/**
 * The server's config in the desktop app. At launch, env vars and flags win over the saved settings (as in
 * `session-lab serve`); once the learner changes a setting in the window (`settingsWin`), the settings win.
 * The data dir is always the app's own.
 */
export function desktopServerConfig(settings: Settings, launch: Launch, dataDir: string, settingsWin: boolean): Config {
  const fromSettings = settingsAsConfig(settings);
  const args = knownConfigArgs(launch.argv);
  return settingsWin
    ? loadConfig(launch.env, args, { overrides: { ...fromSettings, dataDir } })
    : loadConfig(launch.env, args, { base: fromSettings, overrides: { dataDir } });
}
