import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpCode } from '../../server/auth/totp.ts';
import { E2E_STORES, keyRow, openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';

async function sessionCookie(page: Page) {
  return (await page.context().cookies()).find((cookie) => cookie.name === 'sl_session');
}

describe.runIf(hasChromium()).each(E2E_STORES)('the cookie session in Chromium, on %s', (store) => {
  const e2e = useE2eApp(store);

  it('login shows the session key in the KeyTable within 1 s, the Cookie header the browser sent, and logout takes the key away within 1 s', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await expect.poll(() => page.getByTestId('stream-state').textContent()).toBe('live');
    await shot(page, `cookie-${store}-1-signed-out`);
    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    const loggedInAt = Date.now();
    await page.waitForSelector('[data-testid="key-row"][data-key^="sl:sess:"]:not([data-gone])', { timeout: 1_000 });
    expect(Date.now() - loggedInAt).toBeLessThan(1_000);

    const cookie = (await sessionCookie(page))!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const key = `sl:sess:${cookie.value}`;
    expect(await keyRow(page, key).count()).toBe(1);
    expect(await page.getByTestId('cookie-user').textContent()).toContain('alice');
    // What went over the wire (from the exchange log), and what the page's own script can see: not the HttpOnly cookie.
    await expect
      .poll(() => page.getByTestId('cookie-sent-header').textContent())
      .toContain(`sl_session=${cookie.value}`);
    expect(await page.getByTestId('document-cookie').textContent()).toBe('""');
    expect(await page.evaluate(() => document.cookie)).not.toContain('sl_session');
    await expect.poll(() => page.getByTestId('my-sessions').locator('li').count()).toBe(1);
    await shot(page, `cookie-${store}-2-signed-in`);

    await page.getByTestId('cookie-logout').click();
    const loggedOutAt = Date.now();
    await keyRow(page, key, true).waitFor({ timeout: 1_000 });
    expect(Date.now() - loggedOutAt).toBeLessThan(1_000);
    await shot(page, `cookie-${store}-3-logout-fading`);
    // The faded row leaves the table.
    await keyRow(page, key, true).waitFor({ state: 'detached', timeout: 3_000 });
    expect(await page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
    expect(await sessionCookie(page)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('sets up MFA from the QR code, then a login waits for the code and gets a new session id', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await page.getByTestId('cookie-demo-bob').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await page.getByRole('button', { name: 'Set up MFA' }).click();
    await page.getByTestId('mfa-setup').waitFor();
    expect(await page.getByRole('img', { name: 'QR code of the TOTP secret' }).getAttribute('src')).toMatch(
      /^data:image\/png;base64,/,
    );
    const secret = (await page.getByTestId('mfa-secret').textContent())!;
    await shot(page, `cookie-${store}-4-mfa-setup`);
    await page.getByTestId('mfa-verify-form').getByLabel('Code from the app').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn MFA on' }).click();
    await expect.poll(() => page.getByTestId('cookie-me').textContent()).toContain('on, verified in this session');

    await page.getByTestId('cookie-logout').click();
    await page.getByTestId('cookie-login-form').waitFor();
    await page.getByTestId('cookie-demo-bob').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await page.getByTestId('mfa-login-form').waitFor();
    const pending = (await sessionCookie(page))!.value;
    await shot(page, `cookie-${store}-5-mfa-pending`);
    // The code of the next step (the server accepts one step of drift): the setup's code was used once already.
    await page
      .getByTestId('mfa-login-form')
      .getByLabel('Code from your authenticator app')
      .fill(totpCode(secret, Date.now() + 30_000));
    await page.getByTestId('mfa-login-form').getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    const verified = (await sessionCookie(page))!.value;
    expect(verified).not.toBe(pending);
    await keyRow(page, `sl:sess:${verified}`).waitFor({ timeout: 1_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
