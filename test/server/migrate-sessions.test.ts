import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../../server/config.ts';
import { startServer, type RunningServer, type StartOptions } from '../../server/server.ts';
import { MIGRATED_PATTERNS } from '../../server/store/migrate-keys.ts';
import type { KeyStore, ScoredMember } from '../../server/store/types.ts';
import { REDIS_SERVER_BIN } from '../support/requirements.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import {
  cookieLogin,
  cookieLogout,
  sessionMe,
  tokenData,
  tokenLogin,
  tokenLogout,
  tokenRefresh,
} from '../support/session-clients.ts';
import { openSse } from '../support/sse-client.ts';
import { capturingLogger } from '../support/silent-logger.ts';
import { TEST_PASSWORDS } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';

// `--migrate-sessions` end to end: real servers over HTTP, a real SQLite file and a real redis-server.

/** A key as the store holds it: value (a set's members sorted, a sorted set's with their scores) and remaining TTL. */
interface Held {
  value: string | string[] | ScoredMember[];
  pttl: number;
}

/** Every key of the migrated patterns, read at one moment (`at`, epoch ms). */
async function snapshot(store: KeyStore): Promise<{ at: number; keys: Map<string, Held> }> {
  const keys = new Map<string, Held>();
  for (const pattern of MIGRATED_PATTERNS) {
    let cursor = '0';
    do {
      const page = await store.scan(cursor, { match: pattern, count: 500 });
      for (const key of page.keys) {
        const type = await store.type(key);
        const value =
          type === 'set' ? await store.smembers(key) : type === 'zset' ? await store.zrange(key) : await store.get(key);
        if (value !== null) keys.set(key, { value, pttl: await store.pttl(key) });
      }
      cursor = page.cursor;
    } while (cursor !== '0');
  }
  return { at: Date.now(), keys };
}

/** The copy has every key, the same value, and the TTL that was left: never more, and less only by the time between. */
function expectSameKeys(
  before: { at: number; keys: Map<string, Held> },
  after: { at: number; keys: Map<string, Held> },
) {
  expect([...after.keys.keys()].sort()).toEqual([...before.keys.keys()].sort());
  const elapsed = after.at - before.at;
  for (const [key, held] of before.keys) {
    const copied = after.keys.get(key)!;
    expect(copied.value, key).toEqual(held.value);
    expect(copied.pttl, key).toBeLessThanOrEqual(held.pttl);
    // 25 ms of slack: PTTL is read in whole ms on both stores, and a read takes a little time of its own.
    expect(copied.pttl, key).toBeGreaterThanOrEqual(held.pttl - elapsed - 25);
  }
}

const running: RunningServer[] = [];
async function start(dataDir: string, input: ConfigInput, options: StartOptions = {}): Promise<RunningServer> {
  const config = parseConfig({ dataDir, demoAccounts: true, logLevel: 'silent', ...input });
  const server = await startServer(config, { logger: capturingLogger().logger, passwords: TEST_PASSWORDS, ...options });
  running.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe.skipIf(!REDIS_SERVER_BIN)('moving live sessions between stores (--migrate-sessions)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis(REDIS_SERVER_BIN!);
  });
  afterEach(() => redis.restart());
  afterAll(() => redis?.stop());

  it('SQLite → Redis: every credential key with its remaining TTL; the cookie and the token made before still work', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-migrate-'));
    const old = await start(dataDir, { store: 'sqlite' });
    const cookie = await cookieLogin(old.url, 'alice', 'alice-lab-pass');
    const token = await tokenLogin(old.url, 'bob', 'bob-lab-pass');
    const loggedOut = await tokenLogin(old.url, 'bob', 'bob-lab-pass');
    expect(await tokenLogout(old.url, loggedOut.access)).toBe(204);
    const before = await snapshot(old.store);
    await old.close();

    const moved = await start(dataDir, { store: 'redis', redisUrl: redis.url, migrateSessions: 'sqlite' });
    const after = await snapshot(moved.store);
    expectSameKeys(before, after);
    const counted = Object.fromEntries(moved.migration!.report.patterns.map((part) => [part.pattern, part.copied]));
    expect(counted).toMatchObject({
      'sl:sess:*': 1,
      'sl:user_sessions:*': 1,
      'sl:refresh:*': 1,
      'sl:refresh_family:*': 1,
      'sl:refresh_revoked:*': 1,
      'sl:user_refresh:*': 1,
      'sl:denylist:*': 1,
    });
    expect(moved.migration!.report.copied).toBe(before.keys.size);
    expect(moved.storeReason).toMatch(/sessions moved from the embedded store .*: 7 keys copied \(sess 1, /);

    // The same cookie and the same Bearer, on the new store: the secrets are the data dir's, the records were copied.
    expect(await sessionMe(moved.url, cookie)).toEqual({ status: 200, username: 'alice' });
    expect(await tokenData(moved.url, token.access)).toBe(200);
    expect(await tokenData(moved.url, loggedOut.access)).toBe(401);
    expect(await tokenRefresh(moved.url, token.refresh)).toBe(200);
    expect(await tokenRefresh(moved.url, loggedOut.refresh)).toBe(401);
  });

  it('the inspector opened after the switch shows the copy as commands, tagged as the migration', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-migrate-'));
    const old = await start(dataDir, { store: 'sqlite' });
    await cookieLogin(old.url, 'alice', 'alice-lab-pass');
    await old.close();
    const moved = await start(dataDir, { store: 'redis', redisUrl: redis.url, migrateSessions: 'sqlite' });
    // Connected after the copy, with no Last-Event-ID, as a reloaded window does.
    const stream = await openSse(`${moved.url}/api/v1/inspector/events`, { 'X-Lab-Key': moved.labKey });
    try {
      await waitFor('the copy on the stream', () =>
        stream.events.filter((event) => event.data.cause === 'migration').length >= 3 ? true : undefined,
      );
      const commands = stream.events
        .filter((event) => event.type === 'key' && event.data.cause === 'migration')
        .map((event) => String(event.data.command));
      expect(commands).toEqual([
        expect.stringMatching(/^SET sl:sess:\S+ '\{"v":2,"u":.*\}' PX \d+$/),
        expect.stringMatching(/^ZADD sl:user_sessions:\d+ \d+ \S+$/),
        expect.stringMatching(/^PEXPIRE sl:user_sessions:\d+ \d+$/),
      ]);
    } finally {
      stream.close();
    }
  });

  it('Redis → SQLite, back where the sessions were: a session ended on Redis does not come back from the old file', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-migrate-'));
    const first = await start(dataDir, { store: 'sqlite' });
    const ended = await cookieLogin(first.url, 'alice', 'alice-lab-pass');
    await first.close();

    const onRedis = await start(dataDir, { store: 'redis', redisUrl: redis.url, migrateSessions: 'sqlite' });
    expect(await cookieLogout(onRedis.url, ended)).toBe(204);
    const cookie = await cookieLogin(onRedis.url, 'bob', 'bob-lab-pass');
    const token = await tokenLogin(onRedis.url, 'alice', 'alice-lab-pass');
    const before = await snapshot(onRedis.store);
    await onRedis.close();

    const back = await start(dataDir, { store: 'sqlite', migrateSessions: redis.url });
    expectSameKeys(before, await snapshot(back.store));
    expect(back.migration!.report.removed).toBeGreaterThanOrEqual(1);
    expect(await sessionMe(back.url, ended)).toEqual({ status: 401 });
    expect(await sessionMe(back.url, cookie)).toEqual({ status: 200, username: 'bob' });
    expect(await tokenData(back.url, token.access)).toBe(200);
    expect(await tokenRefresh(back.url, token.refresh)).toBe(200);
  });

  it('the new store dies half-way: the server does not start, and the old store still holds everything', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-migrate-'));
    const old = await start(dataDir, { store: 'sqlite' });
    const cookie = await cookieLogin(old.url, 'alice', 'alice-lab-pass');
    for (let index = 0; index < 200; index++)
      await old.store.set(`sl:sess:filler-${index}`, `{"uid":${index}}`, { px: 600_000 });
    const before = await snapshot(old.store);
    await old.close();

    await expect(
      start(
        dataDir,
        { store: 'redis', redisUrl: redis.url, migrateSessions: 'sqlite' },
        { onMigrationProgress: (copied) => (copied === 50 ? redis.kill() : undefined) },
      ),
    ).rejects.toThrow(
      /the sessions could not be copied .* after 50 keys; the keys already copied stay in the new store until their TTLs run out; the embedded store .* is unchanged/,
    );

    const again = await start(dataDir, { store: 'sqlite' });
    expectSameKeys(before, await snapshot(again.store));
    expect(await sessionMe(again.url, cookie)).toEqual({ status: 200, username: 'alice' });
  });

  it('names nothing to copy when the flag names the store starting, and refuses a source that is not there', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-migrate-'));
    const same = await start(dataDir, { store: 'sqlite', migrateSessions: 'sqlite' });
    expect(same.migration).toBeNull();
    await same.close();
    const empty = mkdtempSync(path.join(os.tmpdir(), 'sl-migrate-'));
    await expect(start(empty, { store: 'redis', redisUrl: redis.url, migrateSessions: 'sqlite' })).rejects.toThrow(
      /--migrate-sessions sqlite: there is no embedded store at /,
    );
    expect(() => parseConfig({ migrateSessions: 'mysql://x' })).toThrow(/give sqlite, a Redis URL or off/);
  });
});
