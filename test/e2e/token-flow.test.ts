import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_STORES, keyRow, openApp, shot, useE2eApp, countdownSeconds } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';

const ACCESS = 'sessionlab:access_token';
const REFRESH = 'sessionlab:refresh_token';

function stored(page: Page, name: string): Promise<string | null> {
  return page.evaluate((key) => localStorage.getItem(key), name);
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

async function tokenLogin(page: Page, user: string): Promise<string> {
  await page.getByTestId(`token-demo-${user}`).click();
  await page.getByRole('button', { name: 'Log in (get a token)' }).click();
  await page.getByTestId('stored-token').waitFor();
  return (await stored(page, ACCESS)) ?? '';
}

describe.runIf(hasChromium()).each(E2E_STORES)('the localStorage token in Chromium, on %s', (store) => {
  const e2e = useE2eApp(store);

  it('logs in, shows the stored token decoded with a live countdown, calls the protected route, refreshes and logs out onto the denylist', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    const token = await tokenLogin(page, 'bob');
    expect(token.split('.')).toHaveLength(3);
    expect(await page.getByTestId('token-raw').textContent()).toBe(token);
    const { jti, sub } = claims(token);
    expect(await page.getByTestId('token-payload').textContent()).toContain(`"jti": "${String(jti)}"`);
    // The countdown moves (it is derived from exp and the clock, not a number frozen at login).
    const first = countdownSeconds(await page.getByTestId('token-countdown').textContent());
    await expect
      .poll(async () => countdownSeconds(await page.getByTestId('token-countdown').textContent()), { timeout: 3_000 })
      .toBeLessThan(first);
    // Its fields in words, the times as clock times.
    await page.getByTestId('claim-words').locator('summary').click();
    const words = (await page.getByTestId('claim-words').textContent()) ?? '';
    expect(words).toContain('JWT id: this token’s own id');
    expect(words).toContain('family: the login its refresh tokens belong to');
    expect(words).toMatch(/expires: not valid after: .+ \(in 1[45] min\)/);
    // The token adds no key of its own; its refresh token does.
    await page.waitForSelector('[data-testid="key-row"][data-key^="sl:refresh:"]:not([data-gone])', { timeout: 1_000 });

    await page.getByTestId('token-fetch').click();
    await expect.poll(() => page.getByTestId('token-data').textContent()).toContain('bob');
    await expect.poll(() => page.getByTestId('token-sent-header').textContent()).toBe(`Authorization: Bearer ${token}`);
    await shot(page, `token-${store}-1-data`);

    const oldRefresh = (await stored(page, REFRESH))!;
    await page.getByTestId('token-refresh').click();
    await expect.poll(() => stored(page, ACCESS)).not.toBe(token);
    expect(await stored(page, REFRESH)).not.toBe(oldRefresh);
    const renewed = (await stored(page, ACCESS))!;
    expect(claims(renewed).sub).toBe(sub);

    await page.getByTestId('token-logout').click();
    await keyRow(page, `sl:denylist:${String(claims(renewed).jti)}`).waitFor({ timeout: 1_000 });
    expect(await stored(page, ACCESS)).toBeNull();
    expect(await page.getByTestId('token-panel').getAttribute('data-state')).toBe('signed-out');
    await shot(page, `token-${store}-2-denylisted`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('sends the token half without the session cookie: the recorded token calls carry no Cookie, and the cookie session stays signed in', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await page.getByTestId('cookie-panel').and(page.locator('[data-state="signed-in"]')).waitFor();
    const token = await tokenLogin(page, 'bob');
    await page.getByTestId('token-fetch').click();
    await expect.poll(() => page.getByTestId('token-data').textContent()).toContain('bob');
    await page.getByTestId('token-refresh').click();
    await expect.poll(() => stored(page, ACCESS)).not.toBe(token);
    await page.getByTestId('token-logout').click();
    await expect.poll(() => page.getByTestId('token-panel').getAttribute('data-state')).toBe('signed-out');
    const har = (await (
      await fetch(`${e2e.app.server.url}/api/v1/inspector/har`, { headers: { 'X-Lab-Key': e2e.app.server.labKey } })
    ).json()) as { log: { entries: { request: { url: string; headers: { name: string; value: string }[] } }[] } };
    const tokenCalls = har.log.entries.filter((entry) =>
      new URL(entry.request.url).pathname.startsWith('/api/v1/token/'),
    );
    expect(tokenCalls.map((entry) => new URL(entry.request.url).pathname)).toEqual(
      expect.arrayContaining([
        '/api/v1/token/login',
        '/api/v1/token/data',
        '/api/v1/token/refresh',
        '/api/v1/token/logout',
      ]),
    );
    for (const entry of tokenCalls) {
      const cookie = entry.request.headers.find((header) => header.name.toLowerCase() === 'cookie')?.value ?? '';
      expect(cookie, entry.request.url).not.toContain('sl_session');
    }
    // The cookie session is still there, and its panel still signed in.
    expect(await page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('on a 401 the panel drops the token and returns to its login form with the code', async () => {
    const { page } = await openApp(e2e.browser, e2e.app.url);
    const token = await tokenLogin(page, 'alice');
    // Someone edits the stored token (make me admin): the signature no longer matches.
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims(token), role: 'admin' })).toString('base64url');
    expect(forged).not.toBe(payload);
    await page.evaluate(
      ([key, value]) => localStorage.setItem(key!, value!),
      [ACCESS, `${header}.${forged}.${signature}`],
    );
    await page.reload();
    await page.getByTestId('token-fetch').click();
    await expect
      .poll(() => page.getByTestId('token-signed-out-reason').textContent())
      .toContain('TOKEN_SIGNATURE_INVALID');
    expect(await page.getByTestId('token-login-form').count()).toBe(1);
    expect(await stored(page, ACCESS)).toBeNull();
    expect(await stored(page, REFRESH)).toBeNull();
    await shot(page, `token-${store}-3-refused`);
    await page.context().close();
  });

  it('the switches change the next token: ES256 signing, and cookie delivery that keeps it out of localStorage', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await page.getByTestId('token-setting-algorithm').selectOption('ES256');
    await page.getByTestId('token-setting-delivery').selectOption('cookie');
    await expect.poll(() => page.getByTestId('token-setting-delivery').inputValue()).toBe('cookie');
    await page.getByTestId('token-demo-bob').click();
    await page.getByRole('button', { name: 'Log in (get a token)' }).click();
    await expect.poll(() => page.getByTestId('stored-token').textContent()).toContain('HttpOnly');
    expect(await stored(page, ACCESS)).toBeNull();
    const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'sl_access')!;
    expect(cookie.httpOnly).toBe(true);
    expect(JSON.parse(Buffer.from(cookie.value.split('.')[0]!, 'base64url').toString()).alg).toBe('ES256');
    await page.getByTestId('token-fetch').click();
    await expect.poll(() => page.getByTestId('token-data').textContent()).toContain('the sl_access cookie');
    await shot(page, `token-${store}-4-cookie-delivery`);
    await page.getByTestId('token-logout').click();
    await expect.poll(() => page.getByTestId('token-panel').getAttribute('data-state')).toBe('signed-out');
    await page.getByTestId('token-setting-delivery').selectOption('body');
    await page.getByTestId('token-setting-algorithm').selectOption('HS256');
    await expect.poll(() => page.getByTestId('token-setting-algorithm').inputValue()).toBe('HS256');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
