import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../shared/api/paths.ts';
import type { HealthResponse } from '../../shared/api/health.ts';
import { DOC_LINKS, isDocumentationLink } from '../../shared/doc-links.ts';
import { REDIS_URL_HINT } from '../../shared/redis-url.ts';
import { seriousViolations } from './axe.ts';
import { launchChromium } from '../support/chromium.ts';
import { startDesktopShell, type DesktopShell } from '../support/desktop-shell.ts';
import { countdownSeconds, openApp, shot, type AppPage } from '../support/e2e.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { hasChromium, REDIS_SERVER_BIN } from '../support/requirements.ts';

const DARK_BACKGROUND = 'rgb(20, 20, 24)';
const LIGHT_BACKGROUND = 'rgb(244, 244, 246)';

function claims(token: string): Record<string, number> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, number>;
}

async function health(shell: DesktopShell): Promise<HealthResponse> {
  return (await (await fetch(`${shell.host.server.url}${API_PATHS.health}`)).json()) as HealthResponse;
}

const settingsCalls = (shell: DesktopShell) => shell.calls.filter((call) => call.channel === 'settings:set');
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Settings' });
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await dialog(page).waitFor();
}

/** Marks the page so a test can tell once it was loaded again (main reloads the window after a restart). */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { beforeRestart: boolean }).beforeRestart = true));
}

async function waitForReload(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => 'beforeRestart' in window).catch(() => true), { timeout: 15_000 })
    .toBe(false);
  await page.waitForSelector('html[data-ready="true"]');
}

/** Clicks Apply and waits for the dialog to say the server restarts (it may be said only for a moment). */
async function applyWithRestart(page: Page): Promise<void> {
  const said = page.waitForFunction(
    () => document.querySelector('[data-testid="settings-status"]')?.textContent?.startsWith('Restarting the server…'),
    undefined,
    { polling: 'raf' },
  );
  await page.getByRole('button', { name: 'Apply' }).click();
  await said;
}

describe.runIf(hasChromium())('the desktop settings in Chromium, over main’s own IPC handlers and server host', () => {
  let browser: Browser;
  let shell: DesktopShell;
  const pages: AppPage[] = [];

  /** Opens main's window: the server's page with the bridge the preload would give it. */
  async function openWindow(options: BrowserContextOptions = {}): Promise<AppPage> {
    const opened = await openApp(browser, shell.pageUrl, options, (page) => shell.attach(page));
    pages.push(opened);
    return opened;
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const { page } of pages.splice(0)) await page.context().close();
    await shell?.close();
  });

  it('a plain browser page has no Settings button; the desktop window has one, whose dialog Escape closes, giving focus back', async () => {
    shell = await startDesktopShell();
    const plain = await openApp(browser, `${shell.pageUrl}#labKey=${shell.host.server.labKey}`);
    pages.push(plain);
    // The header's only button in a plain browser is the one that opens Start here again.
    expect(await plain.page.getByRole('banner').getByRole('button').allTextContents()).toEqual(['Start here']);
    expect(await plain.page.getByRole('button', { name: 'Settings', exact: true }).count()).toBe(0);

    const { page, errors } = await openWindow();
    const button = page.getByRole('button', { name: 'Settings', exact: true });
    await button.click();
    await dialog(page).waitFor();
    expect(await page.evaluate(() => document.querySelector('dialog')?.matches(':modal'))).toBe(true);
    // The saved settings fill the form.
    expect(await page.getByRole('radio', { name: 'Embedded' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Typical web app' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Follow the system' }).isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog(page).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
    expect(settingsCalls(shell)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('documentation links sit next to what they explain, open outside the page, and are all on main’s allowlist', async () => {
    shell = await startDesktopShell();
    const { page } = await openWindow();
    await page.getByRole('tab', { name: 'Sessions vs JWT' }).click();
    const links = await page.locator('a[href^="http"]').evaluateAll((anchors) =>
      anchors.map((anchor) => ({
        href: anchor.getAttribute('href')!,
        target: anchor.getAttribute('target'),
        rel: anchor.getAttribute('rel'),
      })),
    );
    expect(links.length).toBeGreaterThanOrEqual(6);
    for (const link of links) {
      expect(isDocumentationLink(link.href), link.href).toBe(true);
      expect(link).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' });
    }
    expect(new Set(links.map((link) => link.href))).toEqual(
      new Set(Object.values(DOC_LINKS).filter((href) => href !== DOC_LINKS.redisExpire)),
    );
    expect(
      await page
        .getByTestId('cookie-panel')
        .getByRole('link', { name: /Set-Cookie and HttpOnly/ })
        .getAttribute('href'),
    ).toBe(DOC_LINKS.setCookie);
    expect(await page.getByTestId('comparison-revocation').getByRole('link').getAttribute('href')).toBe(
      DOC_LINKS.jwtCheatSheet,
    );
  });

  it('the open dialog has no serious or critical axe violation, in the light and the dark theme', async () => {
    shell = await startDesktopShell();
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, errors } = await openWindow({ colorScheme, viewport: { width: 1024, height: 700 } });
      await openSettings(page);
      await page.getByTestId('about-data-dir').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      // The dialog fits the smallest window the app allows.
      const box = (await dialog(page).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(700);
      await shot(page, `settings-dialog-${colorScheme}`);
      // The Redis URL's inline error, as the learner sees it.
      await page.getByRole('radio', { name: 'Redis at URL' }).check();
      await page.getByLabel('Redis URL').fill('localhost:6379');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByTestId('settings-redis-url-error').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, `settings-dialog-${colorScheme}-bad-url`);
      expect(errors).toEqual([]);
    }
  });

  it.runIf(REDIS_SERVER_BIN !== null)(
    'Embedded → Redis at a URL: the server restarts on the same port, the window reloads, the banner says Redis, settings.json keeps it, and the signed-in learner stays signed in',
    async () => {
      const redis: TestRedis = await startTestRedis(REDIS_SERVER_BIN!);
      try {
        shell = await startDesktopShell();
        const { page, errors } = await openWindow();
        expect(await page.getByTestId('store-kind').textContent()).toBe('Embedded store (SQLite)');
        const { port, labKey } = shell.host.server;
        const origin = new URL(page.url()).origin;
        // Signed in with a cookie before the switch.
        await page.getByTestId('cookie-demo-alice').click();
        await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
        await page.waitForSelector('[data-testid="cookie-panel"][data-state="signed-in"]');
        await openSettings(page);
        await page.getByRole('radio', { name: 'Redis at URL' }).check();
        // Before Apply, the dialog says what happens to the sessions.
        expect(await page.getByTestId('settings-store-moving').textContent()).toMatch(
          /^When you apply this, your live sessions and tokens are copied from the embedded store to Redis/,
        );
        // Choosing Redis puts the caret in its URL field.
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
          .toBe('settings-redis-url');
        await page.keyboard.type(redis.url);
        await markPage(page);
        await applyWithRestart(page);
        await waitForReload(page);

        await expect.poll(() => page.getByTestId('store-kind').textContent(), { timeout: 10_000 }).toBe('Redis');
        expect(await page.getByTestId('store-reason').textContent()).toContain(`redis://127.0.0.1:${redis.port}`);
        expect(await dialog(page).count()).toBe(0);
        // The dialog says what runs now, beside what is saved.
        await openSettings(page);
        expect(await page.getByTestId('settings-store-running').textContent()).toMatch(
          new RegExp(
            `^Running now: Redis \\(store redis: using redis://127\\.0\\.0\\.1:${redis.port}/?; sessions moved from the embedded store .*: \\d+ keys copied \\(sess 1, `,
          ),
        );
        // Redis is chosen and runs: nothing will move, and the note is gone.
        expect(await page.getByTestId('settings-store-moving').count()).toBe(0);
        await page.keyboard.press('Escape');
        expect((await health(shell)).store).toMatchObject({ kind: 'redis', connected: true });
        expect(shell.host.server.port).toBe(port);
        expect(shell.host.server.labKey).toBe(labKey);
        expect(new URL(page.url()).origin).toBe(origin);
        expect(shell.savedSettings().store).toEqual({ backend: 'redis', url: redis.url });
        expect(settingsCalls(shell).map((call) => call.args)).toEqual([
          [{ store: { backend: 'redis', url: redis.url } }],
        ]);
        // The learner is still signed in, on the session key copied into Redis, and the command log shows the copy.
        await page.waitForSelector('[data-testid="cookie-panel"][data-state="signed-in"]');
        expect(await page.getByTestId('cookie-user').textContent()).toContain('alice');
        await page.waitForSelector('[data-testid="key-row"][data-key^="sl:sess:"]:not([data-gone])');
        await page.getByTestId('show-reads').uncheck();
        await expect
          .poll(() => page.getByTestId('command').filter({ hasText: 'copied from the previous store' }).count())
          .toBeGreaterThanOrEqual(3);
        await shot(page, 'settings-after-redis-restart');
        expect(errors).toEqual([]);
      } finally {
        await shell?.close();
        await redis.stop();
      }
    },
    60_000,
  );

  it('a Redis URL that is not one is shown as an inline error and nothing is sent', async () => {
    shell = await startDesktopShell();
    const { page } = await openWindow();
    await openSettings(page);
    const url = page.getByLabel('Redis URL');
    expect(await url.isDisabled()).toBe(true);
    await page.getByRole('radio', { name: 'Redis at URL' }).check();
    for (const bad of ['', 'http://127.0.0.1:6379', 'redis://']) {
      await url.fill(bad);
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect.poll(() => page.getByTestId('settings-redis-url-error').textContent()).toBe(REDIS_URL_HINT);
      expect(await url.getAttribute('aria-invalid')).toBe('true');
      expect(await url.getAttribute('aria-describedby')).toBe(
        await page.getByTestId('settings-redis-url-error').getAttribute('id'),
      );
    }
    expect(settingsCalls(shell)).toEqual([]);
    expect(await dialog(page).isVisible()).toBe(true);
    expect(shell.savedSettings().store).toEqual({ backend: 'embedded' });
  });

  it('"Watch them expire": after the restart a token lives 20 s and a cookie session idles out in 30 s', async () => {
    shell = await startDesktopShell();
    const { page, errors } = await openWindow();
    await openSettings(page);
    const watch = page.getByRole('radio', { name: 'Watch them expire' });
    expect(
      await page.evaluate(
        (id) => document.getElementById(id!)?.textContent,
        await watch.getAttribute('aria-describedby'),
      ),
    ).toContain('access token 20 s');
    await watch.check();
    await markPage(page);
    await applyWithRestart(page);
    await waitForReload(page);
    expect(shell.savedSettings().ttlPreset).toBe('watch');
    expect(settingsCalls(shell).map((call) => call.args)).toEqual([[{ ttlPreset: 'watch' }]]);
    expect(shell.host.server.config).toMatchObject({ sessionIdleTtlMs: 30_000, accessTokenTtlMs: 20_000 });

    await page.getByTestId('token-demo-bob').click();
    await page.getByRole('button', { name: 'Log in (get a token)' }).click();
    await page.getByTestId('stored-token').waitFor();
    const { exp, iat } = claims((await page.evaluate(() => localStorage.getItem('sessionlab:access_token')))!);
    expect(exp! - iat!).toBe(20);

    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    const idle = countdownSeconds(await page.getByTestId('cookie-idle-countdown').textContent());
    expect(idle).toBeLessThanOrEqual(30);
    expect(idle).toBeGreaterThan(20);
    expect(errors).toEqual([]);
  }, 30_000);

  it('the Theme menu writes the theme through main: settings.json and nativeTheme hold it, and it survives a reload', async () => {
    shell = await startDesktopShell();
    const { page, errors } = await openWindow({ colorScheme: 'light' });
    expect(await background(page)).toBe(LIGHT_BACKGROUND);
    await page.getByLabel('Theme').selectOption('dark');
    await expect.poll(() => shell.savedSettings().theme).toBe('dark');
    expect(shell.nativeTheme.themeSource).toBe('dark');
    await expect.poll(() => background(page)).toBe(DARK_BACKGROUND);
    // In the desktop app the saved setting is the truth: nothing of it in localStorage.
    expect(await page.evaluate(() => localStorage.getItem('sessionlab:theme'))).toBeNull();
    expect(settingsCalls(shell).map((call) => call.args)).toEqual([[{ theme: 'dark' }]]);

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await background(page)).toBe(DARK_BACKGROUND);
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');

    // The dialog's Theme is the same setting; a change that needs no restart just closes the dialog.
    await openSettings(page);
    expect(await page.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Light' }).check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => dialog(page).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
    expect(await background(page)).toBe(LIGHT_BACKGROUND);
    expect(await page.getByLabel('Theme').inputValue()).toBe('light');
    expect(shell.savedSettings().theme).toBe('light');
    expect(shell.nativeTheme.themeSource).toBe('light');
    expect(settingsCalls(shell).at(-1)?.args).toEqual([{ theme: 'light' }]);
    expect(errors).toEqual([]);
  });

  it('About shows the app and its data folder; "Show data folder" asks the OS to open that folder', async () => {
    shell = await startDesktopShell();
    const { page, errors } = await openWindow();
    await openSettings(page);
    await expect.poll(() => page.getByTestId('about-data-dir').textContent()).toBe(shell.dataDir);
    expect(await page.getByTestId('about-version').textContent()).toBe('session-lab 0.0.0-test');
    expect(await page.getByTestId('about-app').textContent()).toContain(process.versions.node);
    await page.getByRole('button', { name: 'Show data folder' }).click();
    await expect.poll(() => shell.openedPaths).toEqual([shell.dataDir]);
    expect(errors).toEqual([]);
  });

  it('a change main refuses shows its reason in the dialog, and the form keeps what was chosen', async () => {
    shell = await startDesktopShell();
    const { page } = await openWindow();
    // settings.json is written to a temporary file first: a directory in its place makes the write fail.
    mkdirSync(`${shell.settings.file}.${process.pid}.tmp`);
    await openSettings(page);
    await page.getByRole('radio', { name: 'Classroom' }).check();
    await page.getByRole('radio', { name: 'Dark' }).check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByTestId('settings-error').textContent()).toContain('EISDIR');
    expect(await page.getByTestId('settings-error').textContent()).not.toContain('Error invoking');
    expect(await page.getByRole('radio', { name: 'Classroom' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Apply' }).isEnabled()).toBe(true);
    expect(shell.savedSettings()).toMatchObject({ ttlPreset: 'standard', theme: 'system' });
    expect(shell.host.server.config.accessTokenTtlMs).toBe(900_000);
    await shot(page, 'settings-dialog-refused');
  });
});
