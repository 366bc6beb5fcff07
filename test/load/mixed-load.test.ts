import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { readStoredRecord } from '../../server/auth/session-record.ts';
import { RedisStore } from '../../server/store/redis-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { KeyStore } from '../../server/store/types.ts';
import { startChildServer } from '../support/child-server.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { REDIS_SERVER_BIN } from '../support/requirements.ts';
import { scanAll } from '../support/scan-all.ts';
import { p50p99 } from '../../shared/percentiles.ts';

/**
 * A mixed load on both flows from virtual users in this process against the server in its own process (loopback
 * only). `npm test` runs a short one; `npm run test:load` the full one: 50 users for 60 s.
 */
const USERS = Math.min(50, Math.max(1, Number(process.env.LOAD_USERS ?? 10)));
const SECONDS = Math.min(120, Math.max(1, Number(process.env.LOAD_SECONDS ?? 4)));
const ACCOUNTS = [
  ['alice', 'alice-lab-pass'],
  ['bob', 'bob-lab-pass'],
] as const;

type Op =
  'cookie login' | 'session check' | 'cookie logout' | 'token login' | 'token check' | 'refresh' | 'token logout';

interface Tally {
  count: Map<Op, number>;
  errors: string[];
  latencies: number[];
}

describe.each(REDIS_SERVER_BIN ? (['sqlite', 'redis'] as const) : (['sqlite'] as const))(
  `load: ${USERS} virtual users for ${SECONDS} s mixing both flows, on %s`,
  (backend) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `sl-load-${backend}-`));
    let redis: TestRedis | undefined;
    afterAll(async () => {
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it(
      'answers every request as the flow expects (0 errors); afterwards every key has a TTL and the session indexes match the live sessions exactly',
      { timeout: (SECONDS + 60) * 1_000 },
      async () => {
        if (backend === 'redis') redis = await startTestRedis(REDIS_SERVER_BIN!);
        // The login throttle counts attempts in flight, on purpose (parallel guesses cannot slip past it), per username and
        // per address: every virtual user is on 127.0.0.1, so the load raises its limit instead of measuring the 429s.
        const server = await startChildServer({
          dataDir: dir,
          store: backend,
          ...(redis ? { redisUrl: redis.url } : {}),
          sessionLimit: 100,
          loginMaxFailures: 1_000,
          loginMaxPerAddress: 1_000,
        });
        const dispatcher = new Agent({ connections: USERS * 2, keepAliveTimeout: 10_000 });
        const tally: Tally = { count: new Map(), errors: [], latencies: [] };
        const call = async (
          op: Op,
          method: 'GET' | 'POST',
          pathname: string,
          expected: number,
          headers: Record<string, string> = {},
          body?: object,
        ) => {
          const began = performance.now();
          const res = await request(`${server.url}${pathname}`, {
            method,
            dispatcher,
            headers: { origin: server.url, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
            ...(body ? { body: JSON.stringify(body) } : {}),
          });
          const text = await res.body.text();
          tally.latencies.push(performance.now() - began);
          tally.count.set(op, (tally.count.get(op) ?? 0) + 1);
          if (res.statusCode !== expected) tally.errors.push(`${op}: ${res.statusCode} ${text.slice(0, 160)}`);
          return { headers: res.headers, json: () => (text ? (JSON.parse(text) as Record<string, unknown>) : {}) };
        };

        const cookieCycle = async (username: string, password: string) => {
          const login = await call('cookie login', 'POST', '/api/v1/session/login', 200, {}, { username, password });
          const setCookie = login.headers['set-cookie'];
          const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie ?? ''])
            .map((line) => line.split(';')[0]!)
            .join('; ');
          const csrf = (login.json().session as { csrfToken: string }).csrfToken;
          for (let i = 0; i < 3; i++) await call('session check', 'GET', '/api/v1/session/me', 200, { cookie });
          await call('cookie logout', 'POST', '/api/v1/session/logout', 204, { cookie, 'x-csrf-token': csrf });
        };
        const tokenCycle = async (username: string, password: string) => {
          const login = (
            await call('token login', 'POST', '/api/v1/token/login', 200, {}, { username, password })
          ).json() as { access_token: string; refresh_token: string };
          for (let i = 0; i < 2; i++)
            await call('token check', 'GET', '/api/v1/token/data', 200, {
              authorization: `Bearer ${login.access_token}`,
            });
          const refreshed = (
            await call('refresh', 'POST', '/api/v1/token/refresh', 200, {}, { refresh_token: login.refresh_token })
          ).json() as { access_token: string };
          await call('token check', 'GET', '/api/v1/token/data', 200, {
            authorization: `Bearer ${refreshed.access_token}`,
          });
          await call('token logout', 'POST', '/api/v1/token/logout', 204, {
            authorization: `Bearer ${refreshed.access_token}`,
          });
        };

        const began = performance.now();
        const until = began + SECONDS * 1_000;
        // A user finishes the cycle it is in (every login of a cycle is logged out), then logs in once more on each side
        // and leaves both logged in: the store ends with live sessions and families for the index checks to read.
        const user = async (n: number) => {
          const [username, password] = ACCOUNTS[n % ACCOUNTS.length]!;
          try {
            for (let i = 0; performance.now() < until; i++)
              await ((n + i) % 2 ? tokenCycle(username, password) : cookieCycle(username, password));
            await call('cookie login', 'POST', '/api/v1/session/login', 200, {}, { username, password });
            await call('token login', 'POST', '/api/v1/token/login', 200, {}, { username, password });
          } catch (error) {
            tally.errors.push(`user ${n}: ${(error as Error).message}`);
          }
        };
        await Promise.all(Array.from({ length: USERS }, (_, n) => user(n)));
        const elapsed = (performance.now() - began) / 1_000;
        await dispatcher.close();

        const store: KeyStore = redis
          ? new RedisStore({ url: redis.url, namespace: 'sl:', commandTimeoutMs: 2_000, sweepIntervalMs: 1_000 })
          : new SqliteStore({ file: path.join(dir, 'store.sqlite') });
        try {
          if (store instanceof RedisStore) await store.waitReady(5_000);
          const keys = await scanAll(store, 'sl:*');
          const withoutTtl: string[] = [];
          for (const key of keys) if ((await store.pttl(key)) === -1) withoutTtl.push(key);
          // Both ways: no index member without its session, no session missing from its user's index.
          const deadMembers: string[] = [];
          const indexed = new Set<string>();
          for (const key of keys.filter((name) => name.startsWith('sl:user_sessions:'))) {
            for (const { member: sid } of await store.zrange(key)) {
              indexed.add(`${key.slice('sl:user_sessions:'.length)}/${sid}`);
              if (!(await store.exists(`sl:sess:${sid}`))) deadMembers.push(`${key} → ${sid}`);
            }
          }
          const unindexed: string[] = [];
          for (const key of keys.filter((name) => name.startsWith('sl:sess:'))) {
            // Read as the server reads it (the stored form names the user `u`; a long-form record `uid`).
            const uid = readStoredRecord((await store.get(key)) ?? '')?.record.uid;
            if (!indexed.has(`${uid}/${key.slice('sl:sess:'.length)}`)) unindexed.push(key);
          }
          const live = (prefix: string) => keys.filter((key) => key.startsWith(prefix)).length;
          const requests = [...tally.count.values()].reduce((sum, n) => sum + n, 0);
          const { p50, p99 } = p50p99(tally.latencies);
          console.info(
            `load on ${backend}: ${USERS} users × ${elapsed.toFixed(1)} s, ${requests} requests (${(requests / elapsed).toFixed(0)} req/s, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms), ` +
              `${[...tally.count].map(([op, n]) => `${op} ${n}`).join(', ')}; ${tally.errors.length} errors; afterwards ${keys.length} keys, ${withoutTtl.length} without a TTL, ` +
              `${live('sl:sess:')} sessions, ${live('sl:user_sessions:')} session indexes (${indexed.size} members), ${deadMembers.length} dead members, ${unindexed.length} unindexed sessions, ${live('sl:refresh:')} refresh tokens, ${live('sl:refresh_family:')} families`,
          );
          expect(tally.errors.slice(0, 5)).toEqual([]);
          expect(tally.count.get('refresh')).toBeGreaterThan(0);
          expect(tally.count.get('cookie logout')).toBeGreaterThan(0);
          expect(withoutTtl).toEqual([]);
          expect(deadMembers).toEqual([]);
          expect(unindexed).toEqual([]);
          // Every cycle's logins were logged out; what is left is each user's last login on each side.
          expect([live('sl:sess:'), live('sl:refresh:'), live('sl:refresh_family:')]).toEqual([USERS, USERS, USERS]);
          expect(indexed.size).toBe(USERS);
        } finally {
          await store.close();
          await server.kill();
        }
      },
    );
  },
);
