import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_SERVER_BIN } from '../support/requirements.ts';
import { startTestRedis } from '../support/redis-server.ts';
import { cookieLogin, sessionMe, startChildServer, type ChildServer } from '../support/child-server.ts';

interface Sample {
  /** ms since the kill when the answer arrived (negative: before it). */
  at: number;
  ms: number;
  status: number;
  code?: string;
  what: 'cookie' | 'token';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(REDIS_SERVER_BIN)(
  'Redis faults: redis-server killed under load, then restarted from its append-only file',
  () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-redis-kill-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('answers 503 STORE_UNAVAILABLE within a second, never 500, shows the outage, survives, and loses no session', async () => {
      // Every write is on disk before Redis answers it (appendfsync always): what the app was told is written, is.
      const redis = await startTestRedis(REDIS_SERVER_BIN!, [
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        dir,
      ]);
      let server: ChildServer | undefined;
      try {
        // A store call with no answer fails after 300 ms (the default is 1 s): the answer to a request that waited stays well inside the second.
        server = await startChildServer({
          dataDir: path.join(dir, 'app'),
          store: 'redis',
          redisUrl: redis.url,
          sessionLimit: 100,
          storeTimeoutMs: 300,
        });
        const { url, labKey } = server;
        const cookies: string[] = [];
        for (let i = 0; i < 60; i++) {
          const [username, password] = i % 2 ? ['bob', 'bob-lab-pass'] : ['alice', 'alice-lab-pass'];
          const login = await cookieLogin(url, username, password);
          expect(login.status).toBe(200);
          cookies.push(login.cookie!);
        }
        const token = (
          (await (
            await fetch(`${url}/api/v1/token/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', origin: url },
              body: JSON.stringify({ username: 'alice', password: 'alice-lab-pass' }),
            })
          ).json()) as { access_token: string }
        ).access_token;

        // The inspector's stream, read from before the kill.
        const events = new AbortController();
        const stream = await fetch(`${url}/api/v1/inspector/events?labKey=${labKey}`, { signal: events.signal });
        let streamed = '';
        const reading = (async () => {
          const decoder = new TextDecoder();
          try {
            for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>)
              streamed += decoder.decode(chunk, { stream: true });
          } catch {
            // Aborted at the end.
          }
        })();

        // Load: four users on the session check, one on the token check (the denylist looks the jti up in Redis).
        const samples: Sample[] = [];
        let killedAt = Number.POSITIVE_INFINITY;
        let running = true;
        const user = async (n: number) => {
          for (let i = 0; running; i++) {
            const began = performance.now();
            const what = n === 4 ? 'token' : 'cookie';
            const answer =
              what === 'cookie'
                ? await sessionMe(url, cookies[(n * 17 + i) % cookies.length]!)
                : await fetch(`${url}/api/v1/token/data`, { headers: { authorization: `Bearer ${token}` } }).then(
                    async (res) => ({
                      status: res.status,
                      code: ((await res.json()) as { error?: { code: string } }).error?.code,
                    }),
                  );
            const now = performance.now();
            samples.push({
              at: now - killedAt,
              ms: now - began,
              status: answer.status,
              ...(answer.code ? { code: answer.code } : {}),
              what,
            });
          }
        };
        const users = [0, 1, 2, 3, 4].map(user);
        await sleep(500);
        killedAt = performance.now();
        await redis.kill();
        await sleep(2_500);
        const health = (await (await fetch(`${url}/api/v1/health`)).json()) as {
          status: string;
          store: { connected: boolean; lastError: string | null };
        };
        running = false;
        await Promise.all(users);

        const after = samples.filter((sample) => sample.at >= 0);
        const first503 = after.find((sample) => sample.status === 503);
        const statuses = [
          ...new Set(samples.map((sample) => `${sample.status}${sample.code ? ` ${sample.code}` : ''}`)),
        ].sort();
        expect(statuses).toEqual(['200', '503 STORE_UNAVAILABLE']);
        expect(first503).toBeDefined();
        expect(first503!.at).toBeLessThan(1_000);
        const slowest = Math.max(...after.map((sample) => sample.ms));
        expect(slowest).toBeLessThan(1_000);
        // Shown, not fatal: /health says degraded, the inspector streamed the outage, the process lives.
        expect(health).toMatchObject({ status: 'degraded', store: { connected: false } });
        expect(streamed).toMatch(/event: store\ndata: \{[^\n]*"event":"outage"/);
        expect(server.child.exitCode).toBeNull();

        const restartedAt = performance.now();
        await redis.restart();
        for (let connected = false; !connected; await sleep(20)) {
          if (performance.now() - restartedAt > 15_000)
            throw new Error('the store did not reconnect within 15 s of the restart');
          connected = ((await (await fetch(`${url}/api/v1/health`)).json()) as { store: { connected: boolean } }).store
            .connected;
        }
        const backAfter = performance.now() - restartedAt;
        const lost: number[] = [];
        for (const [i, cookie] of cookies.entries()) if ((await sessionMe(url, cookie)).status !== 200) lost.push(i);
        events.abort();
        await reading;
        expect(streamed).toMatch(/"event":"recovered"/);
        const during = after.filter((sample) => sample.status === 503);
        console.info(
          `redis SIGKILL under load: ${samples.length} requests (${after.length} after the kill), first 503 ${first503!.at.toFixed(0)} ms after the kill, ` +
            `slowest answer after it ${slowest.toFixed(1)} ms, ${during.length} × 503 STORE_UNAVAILABLE, 0 × 500; restart from the AOF to connected again ${backAfter.toFixed(0)} ms; ` +
            `${cookies.length} sessions before, ${cookies.length - lost.length} valid after, ${lost.length} lost`,
        );
        expect(lost).toEqual([]);
      } finally {
        await server?.kill();
        await redis.stop();
      }
    });
  },
);
