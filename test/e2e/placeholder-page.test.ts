import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { launchChromium } from '../support/chromium.ts';
import { hasChromium } from '../support/requirements.ts';
import { capturingLogger } from '../support/silent-logger.ts';
import { TEST_PASSWORDS } from '../support/test-app.ts';

const root = new URL('../..', import.meta.url).pathname;
const rendererDir = path.join(root, 'dist', 'renderer');
const shots = path.join(root, 'test-results');

describe.runIf(hasChromium())('the page in real Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'], { cwd: root });
    }
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-e2e-'));
    server = await startServer(parseConfig({ dataDir, store: 'sqlite', port: 0 }), { logger: capturingLogger().logger, rendererDir, passwords: TEST_PASSWORDS });
    browser = await launchChromium();
    mkdirSync(shots, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the renderer under its CSP and shows the store it runs on', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    const response = await page.goto(server.url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await expect.poll(() => page.getByTestId('store-kind').textContent()).toBe('Embedded store (SQLite)');
    expect(await page.getByTestId('store-state').textContent()).toBe('connected');
    expect(await page.getByTestId('store-reason').textContent()).toBe('--store sqlite: the embedded store was asked for');
    await expect.poll(() => page.getByTestId('demo-account').count()).toBe(3);
    expect(await page.getByTestId('demo-account').first().textContent()).toBe('adminadmin-lab-passadmin');
    await page.screenshot({ path: path.join(shots, 'placeholder-1024x700.png') });
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('shows the outage when the server stops answering', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('store-state').textContent()).toBe('connected');
    await server.close();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/does not answer/);
    await page.screenshot({ path: path.join(shots, 'placeholder-server-down.png') });
    await page.close();
  });
});
