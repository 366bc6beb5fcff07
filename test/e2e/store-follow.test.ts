import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_STORES, openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';

function claims(token: string): { jti: string; fam: string } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string; fam: string };
}

async function tokenLogin(page: Page, user: string): Promise<{ access: string; refresh: string }> {
  await page.getByTestId(`token-demo-${user}`).click();
  await page.getByRole('button', { name: 'Log in (get a token)' }).click();
  await page.getByTestId('stored-token').waitFor();
  return page.evaluate(() => ({
    access: localStorage.getItem('sessionlab:access_token')!,
    refresh: localStorage.getItem('sessionlab:refresh_token')!,
  }));
}

describe.runIf(hasChromium()).each(E2E_STORES)('panels and the log follow the store in Chromium, on %s', (store) => {
  const e2e = useE2eApp(store);
  /** Another client of the server: the inspector's routes with the lab key, as a second window would use them. */
  const inspector = (key: string, path: string, init: RequestInit) =>
    fetch(`${e2e.app.server.url}/api/v1/inspector/keys/${encodeURIComponent(key)}${path}`, {
      ...init,
      headers: { 'X-Lab-Key': e2e.app.server.labKey, 'Content-Type': 'application/json', ...init.headers },
    });
  const status = (page: Page, id: string) => page.getByTestId(`token-store-${id}-status`).textContent();

  it('with the two panels hidden, their one-line strip follows the store too: idle end and exp counting down, signed out once the session key is deleted', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    await tokenLogin(page, 'bob');
    await page.getByTestId('panels-toggle').click();
    expect(await page.getByTestId('strip-cookie').textContent()).toMatch(/signed in as alice · idle ends in \d+ min/);
    expect(await page.getByTestId('strip-token').textContent()).toMatch(/a token in localStorage · exp in \d+ min/);
    const sid = (await page.context().cookies()).find((cookie) => cookie.name === 'sl_session')!.value;
    expect((await inspector(`sl:sess:${sid}`, '', { method: 'DELETE' })).status).toBe(204);
    await expect
      .poll(() => page.getByTestId('strip-cookie').textContent())
      .toBe('Cookie session: signed out: its key was deleted (from the inspector)');
    // Shown again, the panel says the same.
    await page.getByTestId('panels-toggle').click();
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
    expect(await page.getByTestId('cookie-ended-in-store').textContent()).toContain(
      'its key was deleted (from the inspector)',
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("the token panel follows its token's keys: a logout elsewhere puts it on the denylist, its family deleted, its refresh token expired", async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    const { access, refresh } = await tokenLogin(page, 'bob');
    const { jti, fam } = claims(access);
    await expect.poll(() => status(page, 'denylist')).toBe('not on the denylist');
    await expect.poll(() => status(page, 'refresh')).toMatch(/^\d+ d \d+ h left$/);
    expect(await status(page, 'family')).toMatch(/^\d+ d \d+ h left$/);
    expect(await page.getByTestId('token-store-denylist').locator('code').getAttribute('title')).toBe(
      `sl:denylist:${jti}`,
    );

    // The refresh token's TTL set in the store: the panel counts down from it, and says "gone" once the store does.
    expect((await inspector(`sl:refresh:${refresh}`, '/expire', { method: 'POST', body: '{"ms":4000}' })).status).toBe(
      200,
    );
    await expect.poll(() => status(page, 'refresh')).toMatch(/^[1-4] s left$/);
    await expect.poll(() => status(page, 'refresh'), { timeout: 10_000 }).toBe('gone (expired)');
    expect(await page.getByTestId('token-store-refresh').getAttribute('data-state')).toBe('absent');

    // The family deleted by another client: the panel says so, with no click.
    expect((await inspector(`sl:refresh_family:${fam}`, '', { method: 'DELETE' })).status).toBe(204);
    await expect.poll(() => status(page, 'family')).toBe('gone (deleted)');

    // The same token logged out by another client (a copy of it): its jti lands on the denylist, and the panel,
    // which still holds the token, says it is revoked, counting down the entry's TTL.
    const logout = await fetch(`${e2e.app.server.url}/api/v1/token/logout`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${access}`, Origin: e2e.app.server.url },
      credentials: 'omit',
    });
    expect(logout.status).toBe(204);
    await expect.poll(() => status(page, 'denylist')).toBe('revoked: on the denylist');
    expect(await page.getByTestId('token-store-denylist').textContent()).toMatch(/the entry stays \d+ min \d+ s more/);
    expect(await page.getByTestId('token-panel').getAttribute('data-state')).toBe('signed-in');
    await page.getByTestId('token-in-store').scrollIntoViewIfNeeded();
    await shot(page, `token-in-store-revoked-${store}`);

    // Clear lab keys removes the entry: the panel says the token is no longer on the denylist (and the server agrees).
    await page.getByTestId('clear-lab-keys').click();
    await expect.poll(() => page.getByTestId('clear-lab-keys-result').textContent()).toMatch(/^Removed \d+ keys?: /);
    expect(await page.getByTestId('clear-lab-keys-result').textContent()).toContain('1 denylist');
    await expect.poll(() => status(page, 'denylist')).toBe('not on the denylist');
    expect(await page.getByTestId('token-store-denylist').textContent()).toContain('its entry was deleted');
    await page.getByTestId('token-fetch').click();
    await expect.poll(() => page.getByTestId('token-data').textContent()).toContain('bob');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("folds a login's attempt counters into one line that expands by keyboard, in the log and in the exchange", async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1280, height: 720 } });
    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    const log = page.getByTestId('command-log');
    const group = log.getByTestId('command-group').first();
    const toggle = group.getByRole('button', { name: /login attempt counters: \d+ commands/ });
    await toggle.waitFor();
    // Counted, then the count given back: INCR and PEXPIRE for the username and the address, DEL, INCRBY -1.
    expect(await toggle.textContent()).toContain('login attempt counters: 6 commands');
    expect(await log.getByTestId('command').filter({ hasText: 'sl:throttle:' }).count()).toBe(0);
    expect(await log.getByTestId('command').filter({ hasText: 'SET sl:sess:' }).count()).toBe(1);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    const inside = group.getByTestId('command');
    expect(await inside.count()).toBe(6);
    expect(await inside.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('INCR sl:throttle:user:alice')]),
    );
    await shot(page, `command-log-folded-${store}`);
    await page.keyboard.press('Space');
    await expect.poll(() => inside.count()).toBe(0);

    // The exchange's own list folds them the same way.
    await log
      .getByTestId('command')
      .filter({ hasText: 'SET sl:sess:' })
      .getByRole('button', { name: /by exchange #\d+/ })
      .click();
    const caused = page.getByTestId('exchange-caused');
    await caused.waitFor();
    expect(await caused.getByTestId('command-group').textContent()).toContain('login attempt counters: 6 commands');
    expect(await caused.textContent()).toContain('SET sl:sess:');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
