import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSEMBLY_STEPS, assembleServer, type AssemblyStep } from '../../server/assemble.ts';
import { parseConfig } from '../../server/config.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { REDIS_SERVER_BIN } from '../support/requirements.ts';
import { capturingLogger } from '../support/silent-logger.ts';
import { TEST_PASSWORDS } from '../support/test-app.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'sl-assemble-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The files under `dir` this process holds open (SQLite databases, their journals, anything else). */
function openFilesUnder(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) open.push(target);
    } catch {
      // The fd closed while it was listed (the listing's own fd, for one).
    }
  }
  return open;
}

/** This process's active handles and timers, by kind, as Node counts them. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** The kinds of handle or timer there are more of now than `before` (what a failure left open). */
function leftBehind(before: Record<string, number>): Record<string, number> {
  const more: Record<string, number> = {};
  for (const [kind, count] of Object.entries(activeResources()))
    if (count > (before[kind] ?? 0)) more[kind] = count - (before[kind] ?? 0);
  return more;
}

class InjectedFailure extends Error {}

/** Assembles a server on `store`, with a failure injected before `failAt` (or none), in a data dir of its own. */
async function assemble(store: 'sqlite' | 'redis', failAt: AssemblyStep | null, redisUrl?: string) {
  const dataDir = mkdtempSync(path.join(root, `${store}-${failAt ?? 'whole'}-`));
  const config = parseConfig({ dataDir, store, logLevel: 'silent', ...(redisUrl ? { redisUrl } : {}) });
  const reached: AssemblyStep[] = [];
  const result = assembleServer(config, {
    logger: capturingLogger().logger,
    passwords: TEST_PASSWORDS,
    beforeStep: (step) => {
      reached.push(step);
      if (step === failAt) throw new InjectedFailure(`failed before ${step}`);
    },
  });
  return { dataDir, reached, result };
}

/** Waits for handles that close asynchronously (a socket's close event) to be gone. */
async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('assembleServer: a failure at any step closes everything opened before it', () => {
  beforeAll(async () => {
    // Warm up what a first assembly loads once for the whole process (modules, scrypt's first run).
    const { result } = await assemble('sqlite', null);
    await (await result).close();
    await settled();
  });

  it('builds the whole server, and closing it leaves no file open and no handle or timer behind', async () => {
    const before = activeResources();
    const { dataDir, reached, result } = await assemble('sqlite', null);
    const server = await result;
    expect(reached).toEqual([...ASSEMBLY_STEPS]);
    expect(openFilesUnder(dataDir).length).toBeGreaterThan(0);
    expect(await server.close()).toEqual([]);
    await settled();
    expect(openFilesUnder(dataDir)).toEqual([]);
    expect(leftBehind(before)).toEqual({});
  });

  it.each(ASSEMBLY_STEPS.map((step) => [step]))('failing before "%s"', async (step) => {
    const before = activeResources();
    const { dataDir, reached, result } = await assemble('sqlite', step);
    await expect(result).rejects.toBeInstanceOf(InjectedFailure);
    expect(reached.at(-1)).toBe(step);
    await settled();
    expect(openFilesUnder(dataDir)).toEqual([]);
    expect(leftBehind(before)).toEqual({});
  });

  it('a step that fails by itself (an unreadable key ring) closes the store and the accounts database it followed', async () => {
    const before = activeResources();
    const dataDir = mkdtempSync(path.join(root, 'broken-keys-'));
    // A directory where the key ring's file should be: opening it fails inside the step.
    mkdirSync(path.join(dataDir, 'jwt-keys.json'));
    const config = parseConfig({ dataDir, store: 'sqlite', logLevel: 'silent' });
    await expect(
      assembleServer(config, { logger: capturingLogger().logger, passwords: TEST_PASSWORDS }),
    ).rejects.toThrow();
    await settled();
    expect(openFilesUnder(dataDir)).toEqual([]);
    expect(leftBehind(before)).toEqual({});
  });
});

describe.runIf(REDIS_SERVER_BIN)(
  'assembleServer on Redis: a failure after the store opened closes its connections',
  () => {
    let redis: TestRedis;
    let observer: Redis;
    beforeAll(async () => {
      redis = await startTestRedis(REDIS_SERVER_BIN!);
      observer = new Redis(redis.url);
    });
    afterAll(async () => {
      observer.disconnect();
      await redis?.stop();
    });
    const clients = async () =>
      String(await observer.call('CLIENT', 'LIST'))
        .trim()
        .split('\n').length;

    it.each(['accounts', 'key-ring', 'app'] as const)('failing before "%s"', async (step) => {
      const alone = await clients();
      const before = activeResources();
      const { result } = await assemble('redis', step, redis.url);
      await expect(result).rejects.toBeInstanceOf(InjectedFailure);
      await settled();
      await expect.poll(clients, { timeout: 2_000 }).toBe(alone);
      // A timer of the Redis client may run out shortly after it disconnects (a slow machine stretches that): what stays is a leak.
      await expect.poll(() => leftBehind(before), { timeout: 10_000 }).toEqual({});
    });
  },
);
