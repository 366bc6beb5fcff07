import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_STORES, openApp, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, isProved, openLab, resetLab, runStep } from './lab-support.ts';

const REVOCATION_CHECKS = [
  'cookie-logout-deletes',
  'cookie-replay-refused',
  'token-replay-works',
  'token-replay-revoked',
];
const FIXATION_CHECKS = ['login-carried-planted', 'new-id', 'planted-refused'];

/** Presses the steps in order. */
async function runSteps(page: Page, steps: string[]): Promise<void> {
  for (const step of steps) await runStep(page, step);
}

/** The error a step's button reported, if any. */
async function stepError(page: Page, step: string): Promise<string | null> {
  const alert = page.getByTestId(`lab-step-${step}`).getByRole('alert');
  return (await alert.count()) > 0 ? alert.textContent() : null;
}

/** Scrolls the lab back to its top (goal and checks) for its screenshot: the last step pressed is at the bottom. */
async function showLabTop(page: Page, id: string): Promise<void> {
  await page.getByTestId(`lab-${id}`).evaluate((lab) => {
    lab.scrollTop = 0;
  });
}

/** The browser's cookie of this name, as the browser holds it. */
async function browserCookie(page: Page, name: string): Promise<string | undefined> {
  return (await page.context().cookies()).find((cookie) => cookie.name === name)?.value;
}

describe.runIf(hasChromium()).each(E2E_STORES)('labs: revocation and session fixation on %s (Chromium)', (store) => {
  const e2e = useE2eApp(store);
  /** The token switches as the server holds them now. */
  const denylist = async () =>
    (
      (await (
        await fetch(`${e2e.app.server.url}/api/v1/lab/token-settings`, {
          headers: { 'X-Lab-Key': e2e.app.server.labKey },
        })
      ).json()) as { denylist: string }
    ).denylist;

  it('lab 2: a logged-out cookie replayed gets 401; a logged-out token reads data with the denylist off and gets TOKEN_REVOKED with it on', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await openLab(page, 'revocation');
    for (const check of REVOCATION_CHECKS) expect(await isProved(page, check)).toBe(false);

    await runSteps(page, ['cookie-login', 'keep-cookie']);
    const sid = (await browserCookie(page, 'sl_session'))!;
    // The old cookie replayed while its session lives is answered 200: that proves nothing yet.
    await runStep(page, 'replay-cookie');
    expect(await isProved(page, 'cookie-replay-refused')).toBe(false);
    await runStep(page, 'cookie-logout');
    expect(await expectProved(page, 'cookie-logout-deletes')).toMatch(
      /POST \/api\/v1\/session\/logout → 204 caused DEL sl:sess:/,
    );
    expect(await browserCookie(page, 'sl_session')).toBeUndefined();
    await runStep(page, 'replay-cookie');
    expect(await expectProved(page, 'cookie-replay-refused')).toMatch(
      new RegExp(`GET /api/v1/session/me → 401 NOT_AUTHENTICATED, with the cookie of session ${sid.slice(0, 8)}`),
    );

    await runSteps(page, ['denylist-off', 'token-login-off', 'keep-token-off', 'token-logout-off']);
    expect(await denylist()).toBe('off');
    // The token panel's switch follows a change it did not make itself.
    await expect.poll(() => page.getByLabel('Denylist on logout').inputValue()).toBe('off');
    expect(await isProved(page, 'token-replay-works')).toBe(false);
    await runStep(page, 'replay-token-off');
    expect(await expectProved(page, 'token-replay-works')).toMatch(
      /GET \/api\/v1\/token\/data → 200 with the token \(jti .*\) logged out by exchange #\d+, while the denylist was off/,
    );
    expect(await isProved(page, 'token-replay-revoked')).toBe(false);

    await runSteps(page, ['denylist-on', 'token-login-on', 'keep-token-on', 'token-logout-on', 'replay-token-on']);
    expect(await expectProved(page, 'token-replay-revoked')).toMatch(
      /GET \/api\/v1\/token\/data → 401 TOKEN_REVOKED; its logout \(exchange #\d+\) wrote sl:denylist:/,
    );
    await showLabTop(page, 'revocation');
    await expectSolved(page, 'revocation');

    // Reset: both halves signed out, the denylist back on, every check open again.
    await runSteps(page, ['denylist-off']);
    await resetLab(page);
    await expect.poll(() => isProved(page, 'cookie-logout-deletes')).toBe(false);
    expect(await denylist()).toBe('on');
    for (const check of REVOCATION_CHECKS) expect(await isProved(page, check)).toBe(false);

    // The reset puts back what the lab found, not a default: a learner who had switched the denylist off keeps it off.
    await page.getByLabel('Denylist on logout').selectOption('off');
    await expect.poll(denylist).toBe('off');
    await runSteps(page, ['denylist-on']);
    expect(await denylist()).toBe('on');
    await resetLab(page);
    await expect.poll(denylist).toBe('off');
    await page.getByLabel('Denylist on logout').selectOption('on');
    await expect.poll(denylist).toBe('on');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lab 2, negatives: nothing to replay without a copy; a token logged out with the denylist on proves only the "on" check, even replayed after turning it off', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await openLab(page, 'revocation');
    await runStep(page, 'replay-cookie');
    expect(await stepError(page, 'replay-cookie')).toMatch(/Keep a copy of the cookie first/);
    await runStep(page, 'keep-cookie');
    expect(await stepError(page, 'keep-cookie')).toMatch(/no live session cookie/);

    // Logged out with the denylist on: the entry is written, the replay refused.
    await runSteps(page, ['denylist-on', 'token-login-on', 'keep-token-on', 'token-logout-on', 'replay-token-on']);
    await expectProved(page, 'token-replay-revoked');
    // Turned off afterwards, the denylist is not read: the same token reads data again (200)...
    await runSteps(page, ['denylist-off', 'replay-token-off']);
    // (the replays are real requests, recorded like any other: the server's HAR export has both)
    const har = await fetch(`${e2e.app.server.url}/api/v1/inspector/har`, {
      headers: { 'X-Lab-Key': e2e.app.server.labKey },
    });
    const entries = (
      (await har.json()) as { log: { entries: { request: { url: string }; response: { status: number } }[] } }
    ).log.entries;
    expect(
      entries
        .filter((entry) => entry.request.url.endsWith('/api/v1/token/data'))
        .map((entry) => entry.response.status)
        .slice(-2),
    ).toEqual([401, 200]);
    // ...but that token was logged out while the denylist was on: it does not prove what logout does with it off.
    expect(await isProved(page, 'token-replay-works')).toBe(false);
    for (const check of ['cookie-logout-deletes', 'cookie-replay-refused'])
      expect(await isProved(page, check)).toBe(false);

    await resetLab(page);
    await expect.poll(() => isProved(page, 'token-replay-revoked')).toBe(false);
    expect(await denylist()).toBe('on');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lab 7: a session id planted before login is not the one after login, and it opens nothing', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await openLab(page, 'session-fixation');
    for (const check of FIXATION_CHECKS) expect(await isProved(page, check)).toBe(false);

    await runStep(page, 'plant');
    const planted = (await browserCookie(page, 'sl_session'))!;
    expect(planted).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await browserCookie(page, 'sl_session.sig')).toBeTruthy();
    for (const check of FIXATION_CHECKS) expect(await isProved(page, check)).toBe(false);

    await runStep(page, 'cookie-login');
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    expect(await expectProved(page, 'login-carried-planted')).toMatch(
      new RegExp(`POST /api/v1/session/login → 200 sent the id ${planted.slice(0, 8)}`),
    );
    expect(await expectProved(page, 'new-id')).toMatch(
      new RegExp(`wrote sl:sess:.*, not sl:sess:${planted.slice(0, 8)}`),
    );
    const after = await browserCookie(page, 'sl_session');
    expect(after).toBeTruthy();
    expect(after).not.toBe(planted);
    expect(await isProved(page, 'planted-refused')).toBe(false);

    await runStep(page, 'replay-planted');
    expect(await expectProved(page, 'planted-refused')).toMatch(
      new RegExp(`GET /api/v1/session/me → 401 NOT_AUTHENTICATED, with the planted id ${planted.slice(0, 8)}`),
    );
    await showLabTop(page, 'session-fixation');
    await expectSolved(page, 'session-fixation');

    // Without a plant, a login proves none of it.
    await resetLab(page);
    await expect.poll(() => isProved(page, 'login-carried-planted')).toBe(false);
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
    await runStep(page, 'cookie-login');
    await runStep(page, 'replay-planted');
    expect(await stepError(page, 'replay-planted')).toMatch(/Plant a session id first/);
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    for (const check of FIXATION_CHECKS) expect(await isProved(page, check)).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
