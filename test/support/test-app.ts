import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { Accounts } from '../../server/accounts/accounts.ts';
import { PasswordHasher } from '../../server/accounts/password.ts';
import { assembleServer } from '../../server/assemble.ts';
import type { EvilOrigin } from '../../server/labs/evil-origin.ts';
import type { EventHub } from '../../server/inspector/event-hub.ts';
import type { SessionMetrics } from '../../server/inspector/session-metrics.ts';
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

/** Builds the app as `startServer` does (the one assembly function), without listening (use `app.callback()` with supertest). */
export async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-app-'));
  // No demo accounts unless a test asks: tests make the accounts they use.
  const config = parseConfig({ dataDir, store: 'sqlite', demoAccounts: false, ...options.config });
  const captured = capturingLogger();
  const parts = await assembleServer(config, {
    store: options.store ?? new SqliteStore({ file: path.join(dataDir, 'store.sqlite') }),
    storeReason: 'test',
    logger: options.logger ?? captured.logger,
    passwords: options.passwords ?? TEST_PASSWORDS,
    labKey: TEST_LAB_KEY,
    version: '0.0.0-test',
    rendererDir: options.rendererDir ?? path.join(dataDir, 'no-renderer'),
    ...(options.ringSize ? { ringSize: options.ringSize } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    app: parts.app,
    hub: parts.hub,
    metrics: parts.metrics,
    config,
    store: parts.store,
    accounts: parts.accounts,
    dataDir,
    evilOrigin: parts.evilOrigin,
    logs: captured.lines,
    async close() {
      await parts.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
