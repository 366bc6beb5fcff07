import { createHook } from 'node:async_hooks';
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

/** The kinds of resource that keep a process alive: what a failed assembly must not leave behind. */
const HANDLE_KINDS = new Set([
  'Timeout',
  'Immediate',
  'TCPWRAP',
  'TCPSERVERWRAP',
  'PIPEWRAP',
  'PROCESSWRAP',
  'FILEHANDLE',
]);

/**
 * Tracks the handles and timers made from now on, until each closes, fires or is cleared. Only what is made while it
 * tracks counts, so the test runner's own timers (its 100 ms report flush, an `expect.poll` deadline) are never taken
 * for a leak, nor do they hide one: counting `process.getActiveResourcesInfo()` before and after did both.
 */
function trackHandles() {
  const open = new Map<number, { kind: string; resource: { hasRef?: () => boolean } }>();
  const ownWaits = new WeakSet<object>();
  const hook = createHook({
    init(id, kind, _trigger, resource) {
      if (HANDLE_KINDS.has(kind)) open.set(id, { kind, resource: resource as { hasRef?: () => boolean } });
    },
    destroy(id) {
      open.delete(id);
    },
  }).enable();
  /** The kinds of handle or timer still open that keep the process alive, by kind. */
  const leftOpen = () => {
    const counts: Record<string, number> = {};
    for (const { kind, resource } of open.values())
      if (!ownWaits.has(resource) && resource.hasRef?.() !== false) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  };
  return {
    /** What is still open once what closes asynchronously (a socket's close, a timer run out) has had up to `ms`. */
    async leftBehind(ms = 10_000): Promise<Record<string, number>> {
      for (const deadline = performance.now() + ms; performance.now() < deadline;) {
        await new Promise((resolve) => ownWaits.add(setImmediate(resolve)));
        if (Object.keys(leftOpen()).length === 0) break;
        await new Promise((resolve) => ownWaits.add(setTimeout(resolve, 50)));
      }
      hook.disable();
      return leftOpen();
    },
  };
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
    const handles = trackHandles();
    const { dataDir, reached, result } = await assemble('sqlite', null);
    const server = await result;
    expect(reached).toEqual([...ASSEMBLY_STEPS]);
    expect(openFilesUnder(dataDir).length).toBeGreaterThan(0);
    expect(await server.close()).toEqual([]);
    expect(await handles.leftBehind()).toEqual({});
    expect(openFilesUnder(dataDir)).toEqual([]);
  });

  it.each(ASSEMBLY_STEPS.map((step) => [step]))('failing before "%s"', async (step) => {
    const handles = trackHandles();
    const { dataDir, reached, result } = await assemble('sqlite', step);
    await expect(result).rejects.toBeInstanceOf(InjectedFailure);
    expect(reached.at(-1)).toBe(step);
    expect(await handles.leftBehind()).toEqual({});
    expect(openFilesUnder(dataDir)).toEqual([]);
  });

  it('a step that fails by itself (an unreadable key ring) closes the store and the accounts database it followed', async () => {
    const handles = trackHandles();
    const dataDir = mkdtempSync(path.join(root, 'broken-keys-'));
    // A directory where the key ring's file should be: opening it fails inside the step.
    mkdirSync(path.join(dataDir, 'jwt-keys.json'));
    const config = parseConfig({ dataDir, store: 'sqlite', logLevel: 'silent' });
    await expect(
      assembleServer(config, { logger: capturingLogger().logger, passwords: TEST_PASSWORDS }),
    ).rejects.toThrow();
    expect(await handles.leftBehind()).toEqual({});
    expect(openFilesUnder(dataDir)).toEqual([]);
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
      const handles = trackHandles();
      const { result } = await assemble('redis', step, redis.url);
      await expect(result).rejects.toBeInstanceOf(InjectedFailure);
      // A timer of the Redis client may run out shortly after it disconnects (a slow machine stretches that): what stays is a leak.
      expect(await handles.leftBehind()).toEqual({});
      await expect.poll(clients, { timeout: 2_000 }).toBe(alone);
    });
  },
);
