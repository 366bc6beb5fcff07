import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ServerHost, ServerLostError } from '../../main/server-host.ts';
import { parseConfig, type Config } from '../../server/config.ts';
import { startServer, type StartOptions } from '../../server/server.ts';
import { REDIS_SERVER_BIN } from '../support/requirements.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { cookieLogin, sessionMe } from '../support/session-clients.ts';
import { capturingLogger } from '../support/silent-logger.ts';
import { TEST_PASSWORDS } from '../support/test-app.ts';

const start = (config: Config, options: StartOptions = {}) =>
  startServer(config, { ...options, logger: capturingLogger().logger, passwords: TEST_PASSWORDS });
const sqliteConfig = (dataDir: string) =>
  parseConfig({ store: 'sqlite', dataDir, demoAccounts: false, logLevel: 'silent' });

async function storeKind(url: string): Promise<string> {
  const body = (await (await fetch(`${url}/api/v1/health`)).json()) as { store: { kind: string } };
  return body.store.kind;
}

let host: ServerHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe('ServerHost', () => {
  it('restarts on the same port with the same lab key, and the new config is in force', async () => {
    host = new ServerHost(start);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-host-'));
    const first = await host.launch(sqliteConfig(dataDir));
    const second = await host.restart({ ...sqliteConfig(dataDir), accessTokenTtlMs: 20_000 });
    expect(second).not.toBe(first);
    expect(second.url).toBe(first.url);
    expect(second.labKey).toBe(first.labKey);
    expect(second.config.accessTokenTtlMs).toBe(20_000);
    expect(await host.info()).toEqual({
      url: first.url,
      labKey: first.labKey,
      store: 'sqlite',
      storeReason: expect.any(String),
    });
    expect(await storeKind(first.url)).toBe('sqlite');
  });

  it('a config that cannot start brings the old server back and throws the reason', async () => {
    host = new ServerHost(start);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-host-'));
    const first = await host.launch(sqliteConfig(dataDir));
    const notADir = path.join(dataDir, 'file');
    writeFileSync(notADir, 'x');
    await expect(host.restart(sqliteConfig(notADir))).rejects.toThrow(/cannot use data dir/);
    expect(host.server.url).toBe(first.url);
    expect(host.server.config.dataDir).toBe(dataDir);
    expect(await storeKind(first.url)).toBe('sqlite');
  });

  it('close is idempotent and leaves nothing listening', async () => {
    host = new ServerHost(start);
    const { url } = await host.launch(sqliteConfig(mkdtempSync(path.join(os.tmpdir(), 'sl-host-'))));
    await Promise.all([host.close(), host.close()]);
    await expect(fetch(`${url}/api/v1/health`)).rejects.toThrow();
    expect(host.origin).toBeNull();
    await expect(host.info()).rejects.toThrow(/not running/);
  });

  it('keeps its origin through a restart, and quitting during one waits for it, then closes what it started', async () => {
    host = new ServerHost(start);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-host-'));
    const { url } = await host.launch(sqliteConfig(dataDir));
    const restarting = host.restart(sqliteConfig(dataDir));
    expect(host.origin).toBe(url);
    const closing = host.close();
    await restarting;
    await closing;
    await expect(fetch(`${url}/api/v1/health`)).rejects.toThrow();
    await expect(host.restart(sqliteConfig(dataDir))).rejects.toThrow(/quitting/);
  });

  it('when the old config cannot start again either, says so: the server is lost', async () => {
    host = new ServerHost(start);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-host-'));
    await host.launch(sqliteConfig(dataDir));
    // The data dir goes away under the running server (a file takes its place), and the new config is bad too.
    rmSync(dataDir, { recursive: true, force: true });
    writeFileSync(dataDir, 'x');
    await expect(host.restart(sqliteConfig(dataDir))).rejects.toThrow(ServerLostError);
    await expect(host.restart(sqliteConfig(dataDir))).rejects.toThrow(/not running/);
    expect(host.origin).toBeNull();
  });
});

describe.skipIf(!REDIS_SERVER_BIN)('ServerHost moving the sessions (real redis-server)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis(REDIS_SERVER_BIN!);
  });
  afterAll(() => redis?.stop());

  it('a new store that dies half-way through the copy: the old one is back, and answers the old cookie', async () => {
    let stopAt: number | null = null;
    host = new ServerHost((config, options) =>
      start(config, {
        ...options,
        onMigrationProgress: (copied) => (copied === stopAt ? redis.kill() : undefined),
      }),
    );
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-host-'));
    const first = await host.launch({ ...sqliteConfig(dataDir), demoAccounts: true });
    const cookie = await cookieLogin(first.url, 'alice', 'alice-lab-pass');
    for (let index = 0; index < 100; index++) await first.store.set(`sl:sess:filler-${index}`, '{}', { px: 600_000 });
    stopAt = 20;
    await expect(
      host.restart({ ...sqliteConfig(dataDir), store: 'redis', redisUrl: redis.url, migrateSessions: 'sqlite' }),
    ).rejects.toThrow(/the sessions could not be copied .* after 20 keys/);
    expect(host.server.store.kind).toBe('sqlite');
    expect(host.server.migration).toBeNull();
    expect(await sessionMe(first.url, cookie)).toEqual({ status: 200, username: 'alice' });
    expect(await host.server.store.exists('sl:sess:filler-99')).toBe(true);
  });
});
