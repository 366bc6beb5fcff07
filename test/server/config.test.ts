import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS, parseConfig } from '../../server/config.ts';
import { loadConfig } from '../../server/config-sources.ts';
import { formatDuration } from '../../server/duration.ts';
import { StartupError } from '../../server/errors.ts';

describe('config', () => {
  it('holds every default in the schema', () => {
    const config = parseConfig();
    expect(config).toMatchObject({
      store: 'auto',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 0,
      sessionIdleTtlMs: 1_800_000,
      accessTokenTtlMs: 900_000,
      refreshTokenTtlMs: 604_800_000,
      redisProbeTimeoutMs: 300,
      bodyLimitBytes: 65_536,
    });
    expect(config.dataDir).toMatch(/\.session-lab$/);
  });

  it('maps env vars and flags onto the same schema, flags winning', () => {
    const config = loadConfig(
      {
        REDIS_URL: 'redis://10.0.0.1:6380/2',
        SESSION_LAB_STORE: 'redis',
        SESSION_LAB_PORT: '7000',
        SESSION_LAB_ACCESS_TTL: '30s',
      },
      ['--store', 'sqlite', '--data-dir', '/tmp/x', '--session-ttl', '15m', '--refresh-ttl=7d', '--no-demo-accounts'],
    );
    expect(config).toMatchObject({
      store: 'sqlite',
      redisUrl: 'redis://10.0.0.1:6380/2',
      dataDir: '/tmp/x',
      port: 7000,
      accessTokenTtlMs: 30_000,
      sessionIdleTtlMs: 900_000,
      refreshTokenTtlMs: 604_800_000,
      demoAccounts: false,
    });
    expect(loadConfig({ SESSION_LAB_DEMO_ACCOUNTS: 'false' }, []).demoAccounts).toBe(false);
    expect(loadConfig({}, []).demoAccounts).toBe(true);
  });

  it('names the flag, env var and value of a bad setting in one line', () => {
    const cases: [NodeJS.ProcessEnv, string[], RegExp][] = [
      [
        { REDIS_URL: 'not a url' },
        [],
        /^invalid --redis-url \(REDIS_URL\) "not a url": expected a redis:\/\/ or rediss:\/\/ URL/,
      ],
      [{}, ['--redis-url', 'http://127.0.0.1:6379'], /^invalid --redis-url/],
      [{}, ['--store', 'mongo'], /^invalid --store \(SESSION_LAB_STORE\) "mongo"/],
      [{}, ['--port', '99999'], /^invalid --port \(SESSION_LAB_PORT\) "99999"/],
      [{}, ['--session-ttl', 'soon'], /^invalid --session-ttl/],
      [{}, ['--no-such-flag', 'x'], /Unknown option '--no-such-flag'/],
    ];
    for (const [env, args, message] of cases) {
      let thrown: unknown;
      try {
        loadConfig(env, args);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StartupError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain('\n');
    }
  });

  it('is documented in docs/configuration.md, one row per field with its flag, env var and default', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const defaults = parseConfig();
    for (const [key, field] of Object.entries(CONFIG_FIELDS)) {
      const value = defaults[key as keyof typeof defaults];
      const shown = key.endsWith('Ms')
        ? formatDuration(value as number)
        : key === 'dataDir'
          ? '~/.session-lab'
          : String(value);
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${field.flag}\``));
      expect(row, `docs/configuration.md row for ${field.flag}`).toBeDefined();
      expect(row).toContain(`\`${field.env}\``);
      expect(row).toContain(`\`${shown}\``);
    }
  });
});
