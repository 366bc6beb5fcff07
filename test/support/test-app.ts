import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { createApp } from '../../server/app.ts';
import { parseConfig, type Config } from '../../server/config.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { KeyStore } from '../../server/store/types.ts';
import { capturingLogger } from './silent-logger.ts';

/** An app over a real SQLite store in a temp dir, with a logger whose lines the test can read. */
export interface TestApp {
  app: Koa;
  config: Config;
  store: KeyStore;
  logs: () => Record<string, unknown>[];
  close(): Promise<void>;
}

/** Builds the app the way `startServer` does, without listening (use `app.callback()` with supertest). */
export function testApp(overrides: Partial<Config> = {}, rendererDir?: string, logger?: Logger): TestApp {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-app-'));
  const config = parseConfig({ dataDir, store: 'sqlite', ...overrides });
  const store = new SqliteStore({ file: path.join(dataDir, 'store.sqlite') });
  const captured = capturingLogger();
  const app = createApp({
    config,
    store,
    storeReason: 'test',
    logger: logger ?? captured.logger,
    version: '0.0.0-test',
    rendererDir: rendererDir ?? path.join(dataDir, 'no-renderer'),
  });
  return {
    app,
    config,
    store,
    logs: captured.lines,
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
