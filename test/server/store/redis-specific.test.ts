import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError, StoreAlreadyInterruptedError, StoreUnavailableError } from '../../../server/errors.ts';
import { withExpiryFlags } from '../../../server/store/keyspace-notifications.ts';
import { commandFor } from '../../../server/store/redis-cli.ts';
import { RedisStore } from '../../../server/store/redis-store.ts';
import { outageOf } from '../../../server/store/types.ts';
import type { KeyChange, StoreStatusChange } from '../../../shared/store-events.ts';
import { REDIS_SERVER_BIN } from '../../support/requirements.ts';
import { startTestRedis, type TestRedis } from '../../support/redis-server.ts';
import { waitFor } from '../../support/wait-for.ts';

const open: RedisStore[] = [];
async function connect(url: string, commandTimeoutMs = 1_000, now?: () => number): Promise<RedisStore> {
  const store = new RedisStore({
    url,
    commandTimeoutMs,
    sweepIntervalMs: 20,
    namespace: 'sl:',
    ...(now ? { now } : {}),
  });
  open.push(store);
  expect(await store.waitReady(5_000)).toBe(true);
  return store;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

describe.runIf(REDIS_SERVER_BIN)('Redis backend', () => {
  const bin = REDIS_SERVER_BIN!;

  describe('on a redis-server that allows CONFIG', () => {
    let redis: TestRedis;
    let admin: Redis;
    beforeAll(async () => {
      redis = await startTestRedis(bin, ['--notify-keyspace-events', 'Kg']);
      admin = new Redis(redis.url);
    });
    afterAll(async () => {
      admin.disconnect();
      await redis.stop();
    });

    it('stamps its changes and expiries with the injected clock, not the machine clock', async () => {
      const frozen = Date.UTC(2030, 0, 1);
      const store = await connect(redis.url, 1_000, () => frozen);
      const changes: KeyChange[] = [];
      store.onChange((change) => changes.push(change));
      await store.set('sl:clock:a', 'v', { px: 50 });
      await store.multi([{ op: 'set', key: 'sl:clock:b', value: 'v' }]);
      await waitFor('the expiry', () => changes.find((change) => change.op === 'expired'));
      expect(changes.map((change) => [change.key, change.op, change.at])).toEqual([
        ['sl:clock:a', 'set', frozen],
        ['sl:clock:b', 'set', frozen],
        ['sl:clock:a', 'expired', frozen],
      ]);
    });

    it('turns on expiry and eviction notifications, keeping the flags the server had', async () => {
      const store = await connect(redis.url);
      await waitFor('notifications on', async () => {
        const [, flags] = (await admin.config('GET', 'notify-keyspace-events')) as string[];
        return flags!.includes('x') ? flags : undefined;
      });
      const [, flags] = (await admin.config('GET', 'notify-keyspace-events')) as string[];
      for (const flag of ['K', 'g', 'E', 'x', 'e']) expect(flags).toContain(flag);
      expect(store.status().expiryEvents).toBe('keyspace-notifications');
    });

    it('ignores expiries of keys outside its namespace', async () => {
      const store = await connect(redis.url);
      const changes: KeyChange[] = [];
      store.onChange((change) => changes.push(change));
      await admin.set('other-app:key', 'v', 'PX', 20);
      await store.set('sl:mine', 'v', { px: 40 });
      await waitFor('sl:mine to expire', () => changes.find((c) => c.key === 'sl:mine' && c.op === 'expired'));
      expect(changes.some((c) => c.key === 'other-app:key')).toBe(false);
    });

    it('announces keys evicted under maxmemory as evicted', async () => {
      const store = await connect(redis.url);
      const changes: KeyChange[] = [];
      store.onChange((change) => changes.push(change));
      const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
      await admin.config('SET', 'maxmemory-policy', 'allkeys-random');
      await admin.config('SET', 'maxmemory', String(used + 512 * 1024));
      try {
        const big = 'x'.repeat(4_096);
        for (let i = 0; i < 400 && !changes.some((c) => c.op === 'evicted'); i++) await store.set(`sl:evict:${i}`, big);
        const evicted = await waitFor('an evicted event', () => changes.find((c) => c.op === 'evicted'));
        expect(evicted.key).toMatch(/^sl:evict:/);
        expect(evicted.command).toBe(`DEL ${evicted.key}`);
      } finally {
        await admin.config('SET', 'maxmemory', '0');
        await admin.flushall();
      }
    });

    it('writes commands that redis-cli runs to the very same value', async () => {
      const value = `{"note":"it's \\"quoted\\", tab\\t, newline\\n","emoji":"🎉"} trailing\\`;
      const tricky = [
        'plain',
        '{"uid":1}',
        "it's",
        'ends with \\',
        'new\nline',
        'tab\there',
        'bell\x07',
        value,
        'ünïcödé and spaces',
      ];
      for (const [i, v] of tricky.entries()) {
        const key = `sl:cli:${i}`;
        const command = commandFor({ op: 'set', key, value: v, px: 60_000 });
        const run = spawnSync('redis-cli', ['-p', String(redis.port)], { input: `${command}\n`, encoding: 'utf8' });
        expect(run.status, run.stderr).toBe(0);
        expect(await admin.get(key), command).toBe(v);
        expect(await admin.pttl(key)).toBeGreaterThan(50_000);
      }
    });
  });

  describe('on a redis-server that refuses CONFIG', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startTestRedis(bin, ['--rename-command', 'CONFIG', '']);
    });
    afterAll(() => redis.stop());

    it('falls back to polling TTLs, says so, and still announces expiries', async () => {
      const store = await connect(redis.url);
      await waitFor('the ttl-polling mode', () => (store.status().expiryEvents === 'ttl-polling' ? true : undefined));
      const changes: KeyChange[] = [];
      store.onChange((change) => changes.push(change));
      await store.set('sl:polled', 'v', { px: 50 });
      await store.set('sl:kept', 'v', { px: 50 });
      await store.persist('sl:kept');
      // Keys that went away by a command, not by their TTL, must not be announced as expired.
      await store.set('sl:zeroed', 'v', { px: 60 });
      await store.pexpire('sl:zeroed', 0);
      await store.sadd('sl:emptied', 'm');
      await store.pexpire('sl:emptied', 60);
      await store.srem('sl:emptied', 'm');
      const expired = await waitFor('the polled expiry', () => changes.find((c) => c.op === 'expired'));
      expect(expired.key).toBe('sl:polled');
      expect(await store.exists('sl:kept')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(changes.filter((c) => c.op === 'expired').map((c) => c.key)).toEqual(['sl:polled']);
    });
  });

  describe('outage', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startTestRedis(bin);
    });
    afterAll(() => redis.stop());

    it('rejects fast with StoreUnavailableError while Redis is down, then reconnects by itself', async () => {
      const store = await connect(redis.url, 1_000);
      const statuses: StoreStatusChange[] = [];
      store.onStatus((change) => statuses.push(change));
      await store.set('sl:before', 'v');

      await redis.kill();
      await waitFor('the outage event', () => statuses.find((s) => s.event === 'outage'));
      expect(store.status()).toMatchObject({ connected: false });
      expect(store.status().lastError).not.toBeNull();
      // No offline queue: a call made during the outage fails now rather than waiting for Redis.
      const deadline = new Promise((_, reject) =>
        setTimeout(() => reject(new Error('still pending after 2 s')), 2_000),
      );
      await expect(Promise.race([store.get('sl:before'), deadline])).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(Promise.race([store.set('sl:during', 'v'), deadline])).rejects.toBeInstanceOf(StoreUnavailableError);

      await redis.restart();
      await waitFor('the recovered event', () => statuses.find((s) => s.event === 'recovered'), 10_000);
      expect(store.status()).toMatchObject({ connected: true, lastError: null });
      await store.set('sl:after', 'v');
      expect(await store.get('sl:after')).toBe('v');
      // The restarted server forgot the flags: they are turned on again, so expiries still arrive.
      const changes: KeyChange[] = [];
      store.onChange((change) => changes.push(change));
      await store.set('sl:after-ttl', 'v', { px: 50 });
      await waitFor('an expiry after recovery', () => changes.find((c) => c.op === 'expired'));
    });

    it('takes itself away on request, names who did, and refuses a second interruption in store terms', async () => {
      let at = 1_000_000;
      const store = await connect(redis.url, 1_000, () => at);
      await outageOf(store)!.interrupt(60_000, 'a test');
      await waitFor('the closed connection', () => !store.status().connected || undefined);
      expect(store.status().lastError).toBe('a test closed the connection for 60000 ms');
      at += 15_000;
      const second = await outageOf(store)!
        .interrupt(1_000)
        .then(
          () => null,
          (error: unknown) => error,
        );
      // What happened to the store, with how long it lasts still: no HTTP status or lab code, which the caller gives.
      expect(second).toBeInstanceOf(StoreAlreadyInterruptedError);
      expect(second).not.toBeInstanceOf(AppError);
      expect((second as StoreAlreadyInterruptedError).remainingMs).toBe(45_000);
    });

    it('fails a command whose reply never comes within the command timeout', async () => {
      const store = await connect(redis.url, 300);
      const admin = new Redis(redis.url);
      try {
        // CLIENT PAUSE holds every client's commands without a reply: a hung server, not a closed port.
        await admin.client('PAUSE', 3_000, 'ALL');
        const deadline = new Promise((_, reject) =>
          setTimeout(() => reject(new Error('still pending after 2 s')), 2_000),
        );
        await expect(Promise.race([store.get('sl:x'), deadline])).rejects.toBeInstanceOf(StoreUnavailableError);
      } finally {
        await admin.client('UNPAUSE');
        admin.disconnect();
      }
    });
  });

  it('adds the expiry flags without duplicating any', () => {
    expect(withExpiryFlags('')).toBe('Exe');
    expect(withExpiryFlags('Kg')).toBe('KgExe');
    expect(withExpiryFlags('AKE')).toBe('AKE');
    expect(withExpiryFlags('xE')).toBe('xEe');
  });
});
