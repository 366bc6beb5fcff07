import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumProfile } from '../support/chromium.ts';
import { E2E_STORES, shot, startE2eApp, type E2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';

const DAY = 86_400_000;

describe.runIf(hasChromium()).each(E2E_STORES)('Remember me across a browser restart, on %s', (store) => {
  let app: E2eApp;
  let profile: string;
  beforeAll(async () => {
    app = await startE2eApp(store);
    profile = mkdtempSync(path.join(os.tmpdir(), 'sl-profile-'));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Starts Chromium on the profile and opens the app; closing the context quits the browser. */
  async function openBrowser(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await launchChromiumProfile(profile, { viewport: { width: 1440, height: 900 } });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(app.url);
    await page.waitForSelector('html[data-ready="true"]');
    await page.getByTestId('cookie-panel').and(page.locator(':not([data-state="loading"])')).waitFor();
    return { context, page };
  }

  const sessionCookie = async (context: BrowserContext) =>
    (await context.cookies()).find((cookie) => cookie.name === 'sl_session');

  async function logIn(page: Page, user: 'alice' | 'bob', remember: boolean) {
    await page.getByTestId(`cookie-demo-${user}`).click();
    await page.getByTestId('cookie-remember').setChecked(remember);
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await page.getByTestId('cookie-user').filter({ hasText: user }).waitFor();
  }

  it('a session cookie is gone after the browser closes; a remembered one is still there and still opens the session', async () => {
    let { context, page } = await openBrowser();
    expect(await page.getByTestId('cookie-remember').isChecked()).toBe(false);
    await logIn(page, 'alice', false);
    expect(await page.getByTestId('cookie-kind').textContent()).toContain('ends when the browser closes');
    // A session cookie: no expiry (Playwright says -1).
    expect((await sessionCookie(context))!.expires).toBe(-1);
    await context.close();

    ({ context, page } = await openBrowser());
    expect(await sessionCookie(context)).toBeUndefined();
    expect(await page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
    await page.getByTestId('cookie-remember').check();
    expect(await page.getByTestId('cookie-login-form').textContent()).toContain('remembered for 7 days');
    await logIn(page, 'bob', true);
    expect(await page.getByTestId('cookie-kind').textContent()).toContain(
      'remembered for 7 days: the cookie survives closing the browser',
    );
    const remembered = (await sessionCookie(context))!;
    expect(remembered.httpOnly).toBe(true);
    expect(Math.abs(remembered.expires * 1_000 - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
    await shot(page, `remember-me-${store}-remembered`);
    await context.close();

    ({ context, page } = await openBrowser());
    const kept = (await sessionCookie(context))!;
    expect(kept.value).toBe(remembered.value);
    // The page asks /session/me with the kept cookie: the same session, still signed in, still remembered.
    await page.getByTestId('cookie-user').filter({ hasText: 'bob' }).waitFor();
    expect(await page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    expect(await page.getByTestId('cookie-kind').getAttribute('data-remembered')).toBe('true');
    expect(await app.server.store.exists(`sl:sess:${kept.value}`)).toBe(true);
    await context.close();
  });
});
