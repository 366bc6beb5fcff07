import { describe, expect, it } from 'vitest';
import { desktopServerConfig, settingsAsConfig } from '../../main/server-config.ts';
import { knownConfigArgs, loadConfig } from '../../server/config-sources.ts';
import { StartupError } from '../../server/errors.ts';
import { DEFAULT_SETTINGS, TTL_PRESETS, type Settings } from '../../shared/settings.ts';

const redisSettings: Settings = {
  ...DEFAULT_SETTINGS,
  store: { backend: 'redis', url: 'redis://127.0.0.1:6390' },
  ttlPreset: 'watch',
};

describe('desktop server config', () => {
  it('maps the settings onto the server config fields', () => {
    expect(settingsAsConfig({ ...DEFAULT_SETTINGS, store: { backend: 'embedded' } })).toMatchObject({
      store: 'sqlite',
    });
    expect(settingsAsConfig(redisSettings)).toEqual({
      store: 'redis',
      redisUrl: 'redis://127.0.0.1:6390',
      sessionIdleTtlMs: TTL_PRESETS.watch.sessionIdleTtlMs,
      sessionAbsoluteTtlMs: TTL_PRESETS.watch.sessionAbsoluteTtlMs,
      accessTokenTtlMs: TTL_PRESETS.watch.accessTokenTtlMs,
      refreshTokenTtlMs: TTL_PRESETS.watch.refreshTokenTtlMs,
      refreshMaxAgeMs: TTL_PRESETS.watch.refreshMaxAgeMs,
    });
    // The standard preset is the server's own defaults, so the desktop app and `session-lab serve` agree.
    const standard = desktopServerConfig(DEFAULT_SETTINGS, { env: {}, argv: [] }, '/tmp/d', false);
    expect(standard).toEqual(loadConfig({}, [], { overrides: { dataDir: '/tmp/d' } }));
    expect(standard).toMatchObject({
      sessionIdleTtlMs: 1_800_000,
      sessionAbsoluteTtlMs: 28_800_000,
      accessTokenTtlMs: 900_000,
      refreshTokenTtlMs: 604_800_000,
      refreshMaxAgeMs: 604_800_000,
    });
  });

  it('takes the same flags as `session-lab serve` from a command line full of Chromium switches', () => {
    const argv = [
      '.',
      '--no-sandbox',
      '--store',
      'sqlite',
      '--enable-logging',
      '--access-ttl=45s',
      '--port',
      '5180',
      '--no-demo-accounts',
      '--inspect=9229',
      '--session-ttl',
    ];
    expect(knownConfigArgs(argv)).toEqual([
      '--store',
      'sqlite',
      '--access-ttl=45s',
      '--port',
      '5180',
      '--no-demo-accounts',
    ]);
  });

  it('at launch, flags and env vars win over the saved settings; after a change in the window, the settings win', () => {
    const launch = { env: { SESSION_LAB_ACCESS_TTL: '1m' }, argv: ['--store', 'sqlite'] };
    const atLaunch = desktopServerConfig(redisSettings, launch, '/tmp/d', false);
    expect(atLaunch).toMatchObject({
      store: 'sqlite',
      accessTokenTtlMs: 60_000,
      sessionIdleTtlMs: 30_000,
      dataDir: '/tmp/d',
    });
    const afterChange = desktopServerConfig(redisSettings, launch, '/tmp/d', true);
    expect(afterChange).toMatchObject({
      store: 'redis',
      redisUrl: 'redis://127.0.0.1:6390',
      accessTokenTtlMs: 20_000,
      dataDir: '/tmp/d',
    });
    // The data dir is always the app's own, whatever the flags say.
    expect(
      desktopServerConfig(DEFAULT_SETTINGS, { env: {}, argv: ['--data-dir', '/elsewhere'] }, '/tmp/d', false).dataDir,
    ).toBe('/tmp/d');
  });

  it('a bad flag is a startup error naming it', () => {
    expect(() =>
      desktopServerConfig(DEFAULT_SETTINGS, { env: {}, argv: ['--port', 'eighty'] }, '/tmp/d', false),
    ).toThrow(StartupError);
    expect(() =>
      desktopServerConfig(DEFAULT_SETTINGS, { env: {}, argv: ['--port', 'eighty'] }, '/tmp/d', false),
    ).toThrow(/--port/);
  });
});
