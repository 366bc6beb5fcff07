import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { Accounts } from '../../server/accounts/accounts.ts';
import { PasswordHasher } from '../../server/accounts/password.ts';
import { createApp } from '../../server/app.ts';
import { Closers } from '../../server/closers.ts';
import { EvilOrigin } from '../../server/lab/evil-origin.ts';
import { loadSecrets } from '../../server/auth/secrets.ts';
import { EventHub } from '../../server/inspector/event-hub.ts';
import { SessionMetrics } from '../../server/inspector/session-metrics.ts';
import { LatencyWindow, measureStore } from '../../server/store/latency-window.ts';
import { KeyRing } from '../../server/tokens/key-ring.ts';
import { parseConfig, type Config } from '../../server/config.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { KeyStore } from '../../server/store/types.ts';
import { capturingLogger } from './silent-logger.ts';

/** The lab key of every test app. */
export const TEST_LAB_KEY = 'test-lab-key-0123456789abcdef';

/** Real scrypt at a cost low enough for tests that log in hundreds of times (production: N = 32768). */
export const TEST_PASSWORDS = new PasswordHasher({ N: 1_024, r: 8, p: 1 });

/** An app over real stores in a temp dir, with a logger whose lines the test can read. */
export interface TestApp {
  app: Koa;
  hub: EventHub;
  /** Not started: a test calls `tick()` itself. */
  metrics: SessionMetrics;
  config: Config;
  store: KeyStore;
  accounts: Accounts;
  dataDir: string;
  /** The attacker's server of labs 5 and 6 (closed by `close`). */
  evilOrigin: EvilOrigin;
  logs: () => Record<string, unknown>[];
  close(): Promise<void>;
}

/** What a test may choose; everything else is the default. */
export interface TestAppOptions {
  config?: Partial<Config>;
  /** The session store (a RedisStore for the Redis runs); a SQLite one in the temp dir otherwise. */
  store?: KeyStore;
  rendererDir?: string;
  logger?: Logger;
  now?: () => number;
  /** Events kept for Last-Event-ID replay. */
  ringSize?: number;
  /** The password hasher (the tests' low-cost scrypt unless a test needs to hold a login inside it). */
  passwords?: PasswordHasher;
}

/** Builds the app the way `startServer` does, without listening (use `app.callback()` with supertest). */
export async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-app-'));
  const config = parseConfig({ dataDir, store: 'sqlite', ...options.config });
  const store = options.store ?? new SqliteStore({ file: path.join(dataDir, 'store.sqlite') });
  const captured = capturingLogger();
  const accounts = new Accounts(path.join(dataDir, 'accounts.sqlite'), options.now);
  const hub = new EventHub({ ringSize: options.ringSize ?? 5_000, maxBufferedBytes: 1_048_576 });
  const latency = new LatencyWindow();
  const metrics = new SessionMetrics(store, hub, latency);
  const evilOrigin = new EvilOrigin();
  const closers = new Closers();
  const app = createApp({
    evilOrigin,
    closers,
    config,
    store: measureStore(store, latency),
    storeReason: 'test',
    accounts,
    passwords: options.passwords ?? TEST_PASSWORDS,
    secrets: loadSecrets(dataDir),
    keys: await KeyRing.open(dataDir, options.now),
    hub,
    labKey: TEST_LAB_KEY,
    logger: options.logger ?? captured.logger,
    version: '0.0.0-test',
    rendererDir: options.rendererDir ?? path.join(dataDir, 'no-renderer'),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    app,
    hub,
    metrics,
    config,
    store,
    accounts,
    dataDir,
    evilOrigin,
    logs: captured.lines,
    async close() {
      metrics.stop();
      await closers.closeAll();
      await evilOrigin.close();
      hub.close();
      await store.close();
      accounts.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
