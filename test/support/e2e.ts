import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium.ts';
import { parseConfig, type Config } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { startTestRedis, type TestRedis } from './redis-server.ts';
import { REDIS_SERVER_BIN } from './requirements.ts';
import { capturingLogger } from './silent-logger.ts';
import { TEST_PASSWORDS } from './test-app.ts';

const root = new URL('../..', import.meta.url).pathname;
/** Where the built renderer lives. */
export const RENDERER_DIR = path.join(root, 'dist', 'renderer');
/** Where screenshots go (a CI artifact). */
export const SHOTS_DIR = path.join(root, 'test-results');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the renderer when there is no build or it is older than its sources (so a test never drives a stale page). */
export function ensureRendererBuilt(): void {
  const index = path.join(RENDERER_DIR, 'index.html');
  const sources = Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'shared')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build: the tests drive the production one.
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--logLevel',
      'error',
    ],
    { cwd: root, env: { ...process.env, NODE_ENV: 'production' } },
  );
}

/** A running Session Lab (server and built renderer) for the browser to open. */
export interface E2eApp {
  server: RunningServer;
  /** The URL with this launch's lab key in the fragment, as the CLI prints it. */
  url: string;
  redis: TestRedis | null;
  close(): Promise<void>;
}

/** Starts the app on the embedded store or on a redis-server of its own; `persistent` gives that one an fsync'd AOF. */
export async function startE2eApp(
  store: 'sqlite' | 'redis',
  overrides: Partial<Record<keyof Config, unknown>> = {},
  { persistent = false } = {},
): Promise<E2eApp> {
  ensureRendererBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `sl-e2e-${store}-`));
  const aof = persistent ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dataDir] : [];
  const redis = store === 'redis' ? await startTestRedis(REDIS_SERVER_BIN!, aof) : null;
  const config = parseConfig({ dataDir, store, port: 0, ...(redis ? { redisUrl: redis.url } : {}), ...overrides });
  const server = await startServer(config, {
    logger: capturingLogger().logger,
    rendererDir: RENDERER_DIR,
    passwords: TEST_PASSWORDS,
  });
  return {
    server,
    url: `${server.url}/#labKey=${server.labKey}`,
    redis,
    async close() {
      await server.close();
      await redis?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A page with its console errors collected (a test expects none). */
export interface AppPage {
  page: Page;
  errors: string[];
}

/**
 * Opens the app in a new context (its own cookies and storage) and waits until it has rendered;
 * `beforeLoad` prepares the page before it is opened (the desktop bridge, for one).
 */
export async function openApp(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
  beforeLoad?: (page: Page) => Promise<void>,
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    ...options,
  });
  const page = await context.newPage();
  await beforeLoad?.(page);
  const errors: string[] = [];
  page.on('console', (message) => {
    // A 4xx the page asked for on purpose (a refused token, no session yet) is logged by Chromium as a failed resource.
    if (message.type() !== 'error' || /status of 4\d\d/.test(message.text())) return;
    // Chromium names no URL in a failed resource's text: it is added, so a failure says which request it was.
    const where = message.location().url;
    errors.push(
      /^Failed to load resource/.test(message.text()) && where ? `${message.text()} (${where})` : message.text(),
    );
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
  return { page, errors };
}

/** Saves a screenshot under test-results/. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
}

/** The stores the browser flows run on: the embedded one always, Redis when a redis-server can be had. */
export const E2E_STORES: ('sqlite' | 'redis')[] = REDIS_SERVER_BIN ? ['sqlite', 'redis'] : ['sqlite'];

/** The KeyTable row of a key; `gone` selects it once it is marked deleted or expired (it fades, then leaves). */
export function keyRow(page: Page, key: string, gone = false) {
  return page.locator(`[data-testid="key-row"][data-key="${key}"]${gone ? '[data-gone]' : ':not([data-gone])'}`);
}

/** The app and a Chromium for one describe block, filled in by its `beforeAll`. */
export interface E2eHandle {
  app: E2eApp;
  browser: Browser;
}

/** Registers the hooks that start the app (on `store`, with config `overrides`) and Chromium for a describe block, and stop both after. */
export function useE2eApp(
  store: 'sqlite' | 'redis',
  overrides: Partial<Record<keyof Config, unknown>> = {},
): E2eHandle {
  const handle = {} as E2eHandle;
  beforeAll(async () => {
    handle.app = await startE2eApp(store, overrides);
    handle.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await handle.browser?.close();
    await handle.app?.close();
  });
  return handle;
}

/** The seconds a countdown shows ("29 min 58 s" → 1798; NaN for any other text). */
export function countdownSeconds(text: string | null): number {
  const match = /(?:(\d+) min )?(\d+) s/.exec(text ?? '');
  return match ? Number(match[1] ?? 0) * 60 + Number(match[2]) : Number.NaN;
}
