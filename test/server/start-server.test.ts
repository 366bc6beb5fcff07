import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config.ts';
import { StartupError } from '../../server/errors.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { capturingLogger } from '../support/silent-logger.ts';
import { freePort, startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { REDIS_SERVER_BIN } from '../support/requirements.ts';
import { TEST_PASSWORDS } from '../support/test-app.ts';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-start-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (chunk: Buffer) => (out += chunk.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

async function start(overrides: Record<string, unknown> = {}): Promise<RunningServer> {
  return startServer(
    parseConfig({ dataDir, port: 0, redisUrl: 'redis://127.0.0.1:1', redisProbeTimeoutMs: 100, ...overrides }),
    {
      logger: capturingLogger().logger,
      passwords: TEST_PASSWORDS,
    },
  );
}

describe('startServer', () => {
  it('listens on 127.0.0.1 with port 0, serves health, and closes', async () => {
    const server = await start({ store: 'sqlite' });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ store: { kind: 'sqlite', connected: true } });
    await server.close();
    await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
    expect(server.store.status().connected).toBe(false);
    await server.close();
  });

  it('makes the demo accounts on first start, unless told not to', async () => {
    const withDemo = await start({ store: 'sqlite', dataDir: path.join(dataDir, 'demo-on') });
    const on = (await (await fetch(`${withDemo.url}/api/v1/demo-accounts`)).json()) as {
      accounts: { username: string }[];
    };
    expect(on.accounts.map((a) => a.username)).toEqual(['admin', 'alice', 'bob']);
    await withDemo.close();
    const withoutDemo = await start({ store: 'sqlite', dataDir: path.join(dataDir, 'demo-off'), demoAccounts: false });
    const off = (await (await fetch(`${withoutDemo.url}/api/v1/demo-accounts`)).json()) as { accounts: unknown[] };
    expect(off.accounts).toEqual([]);
    await withoutDemo.close();
  });

  it('auto: chooses the embedded store when Redis does not answer, and says why', async () => {
    const server = await start({ store: 'auto' });
    expect(server.store.kind).toBe('sqlite');
    expect(server.storeReason).toMatch(/^auto: Redis at redis:\/\/127\.0\.0\.1:1 did not answer PING within 100 ms/);
    const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as { store: { reason: string } };
    expect(health.store.reason).toBe(server.storeReason);
    await server.close();
  });

  describe.runIf(REDIS_SERVER_BIN)('with a redis-server', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startTestRedis(REDIS_SERVER_BIN!);
    });
    afterAll(() => redis.stop());

    it('auto: chooses Redis when it answers PING', async () => {
      const server = await start({ store: 'auto', redisUrl: redis.url, redisProbeTimeoutMs: 300 });
      expect(server.store.kind).toBe('redis');
      expect(server.storeReason).toMatch(/^auto: Redis at redis:\/\/127\.0\.0\.1:\d+ answered PING in \d+ ms$/);
      await server.close();
    });

    it('shows a Redis outage in /health as degraded, not fatal, and recovers', async () => {
      const server = await start({ store: 'redis', redisUrl: redis.url });
      await redis.kill();
      const deadline = Date.now() + 5_000;
      let health: { status: string; store: { connected: boolean; lastError: string | null } };
      do health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as typeof health;
      while (health.status !== 'degraded' && Date.now() < deadline);
      expect(health).toMatchObject({ status: 'degraded', store: { connected: false } });
      expect(health.store.lastError).toBeTruthy();
      await redis.restart();
      do health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as typeof health;
      while (health.status !== 'ok' && Date.now() < deadline + 10_000);
      expect(health.status).toBe('ok');
      await server.close();
    });

    it('--store redis starts even while Redis is down', async () => {
      const server = await start({
        store: 'redis',
        redisUrl: `redis://127.0.0.1:${await freePort()}`,
        storeTimeoutMs: 200,
      });
      expect(server.store.kind).toBe('redis');
      expect(server.storeReason).toMatch(/does not answer yet/);
      expect(((await (await fetch(`${server.url}/api/v1/health`)).json()) as { status: string }).status).toBe(
        'degraded',
      );
      await server.close();
    });
  });

  it('lets an in-flight request finish before close() resolves', async () => {
    const server = await start({ store: 'sqlite' });
    const response = new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${server.url}/api/v1/health`,
        { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': '11' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.write('{"half":');
      setTimeout(() => {
        closed = server.close();
        setTimeout(() => req.end('1}\n'), 100);
      }, 50);
    });
    let closed: Promise<void> | undefined;
    expect(await response).toBe(405);
    await closed;
  });

  it('answers malformed and oversized headers with the JSON error shape', async () => {
    const server = await start({ store: 'sqlite' });
    const malformed = await rawRequest(
      server.port,
      `GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nBad Header Name: y\r\n\r\n`,
    );
    expect(malformed).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(malformed.split('\r\n\r\n')[1]!)).toEqual({
      error: { code: 'BAD_REQUEST', message: 'The request is not valid HTTP' },
    });
    const huge = await rawRequest(
      server.port,
      `GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431/);
    expect(JSON.parse(huge.split('\r\n\r\n')[1]!)).toMatchObject({ error: { code: 'HEADERS_TOO_LARGE' } });
    await server.close();
  });

  it('fails with a StartupError when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    await expect(start({ store: 'sqlite', port })).rejects.toThrow(
      new StartupError(`port ${port} on 127.0.0.1 is already in use; pick another with --port or use --port 0`),
    );
    blocker.close();
  });

  it('fails with a StartupError naming the session-encryption key file when encryption is on and the file is broken', async () => {
    const dir = path.join(dataDir, 'broken-keys');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'session-keys.json'), '{"current":');
    await expect(start({ store: 'sqlite', dataDir: dir, encryptSessions: 'on' })).rejects.toThrow(
      /session-encryption key file .*session-keys\.json cannot be used/,
    );
  });

  it('fails with a StartupError when the data dir cannot be written', async () => {
    const file = path.join(dataDir, 'a-file');
    writeFileSync(file, 'not a directory');
    await expect(start({ store: 'sqlite', dataDir: path.join(file, 'data') })).rejects.toThrow(
      /cannot use data dir .*ENOTDIR/,
    );
  });
});
