import { describe, expect, it } from 'vitest';
import { E2E_STORES, openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, isProved, openLab, resetLab, runStep } from './lab-support.ts';

const CHECKS = ['page-injected', 'token-replayed', 'cookie-invisible', 'loot-home'];

describe.runIf(hasChromium()).each(E2E_STORES)('lab 5, XSS theft (Chromium, %s)', (store) => {
  const e2e = useE2eApp(store);

  it('the injected script from the evil origin replays the localStorage token (200) but cannot read the HttpOnly cookie', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 1000 } });
    await openLab(page, 'xss-theft');
    for (const check of CHECKS) expect(await isProved(page, check)).toBe(false);

    // Negative: injected before any login, the script finds no token and the browser has no session cookie to contrast.
    await runStep(page, 'inject');
    expect(await expectProved(page, 'page-injected')).toMatch(
      /GET \/lab\/xss → 200 on the lab 5 site \(http:\/\/127\.0\.0\.1:\d+\), name=<script src="http:\/\/localhost:\d+\/steal\.js">/,
    );
    await expect
      .poll(async () => (await e2e.app.server.url) && (await page.locator('#lab-attack-frame').count()))
      .toBe(1);
    await runStep(page, 'loot');
    expect(await isProved(page, 'token-replayed')).toBe(false);
    expect(await isProved(page, 'cookie-invisible')).toBe(false);
    expect(await isProved(page, 'loot-home')).toBe(false);

    await runStep(page, 'cookie-login');
    await runStep(page, 'site-token-login');
    // Where the learner looks: under the button, what the site did (nothing shows in this window's token panel).
    expect(await page.getByTestId('lab-step-site-token-login').getByTestId('lab-step-result').textContent()).toMatch(
      /The lab 5 site \(http:\/\/127\.0\.0\.1:\d+\) logged in: POST \/token\/login → 200, and its page now keeps alice's token in its own localStorage/,
    );
    // The site's token is in the site's localStorage, not the window's: the window holds the lab key, which no frame can read.
    expect(await page.evaluate(() => localStorage.getItem('sessionlab:access_token'))).toBeNull();
    await runStep(page, 'inject');
    expect(await expectProved(page, 'token-replayed')).toMatch(
      /GET \/api\/v1\/token\/data → 200 on http:\/\/127\.0\.0\.1:\d+, x-stolen-by: evil-script, with the token issued by exchange #\d+/,
    );
    const contrast = await expectProved(page, 'cookie-invisible');
    expect(contrast).toMatch(/Cookie has sl_session=…, while the script saw x-seen-cookie: "(?!.*sl_session)/);
    // The frame really ran the script: it says what it read.
    const site = page.frameLocator('#lab-attack-frame').frameLocator('iframe');
    await expect
      .poll(() => site.locator('body').textContent())
      .toMatch(
        /The injected script read the token \(eyJ.*\), saw document.cookie = "[^"]*" and replayed the token: HTTP 200/,
      );
    const seen = (await site.locator('body').textContent()) ?? '';
    expect(seen).not.toContain('sl_session');
    // In view: the page is in the lab's panel (not a hidden frame), with the script the evil origin served beside it.
    const panel = page.getByTestId('xss-panel');
    expect(await panel.locator('#lab-attack-frame').isVisible()).toBe(true);
    const source = (await panel.getByTestId('xss-script').textContent()) ?? '';
    expect(source).toContain('localStorage.getItem("sessionlab:access_token")');
    expect(source).toContain('document.cookie');
    expect(await panel.getByTestId('xss-script').isVisible()).toBe(true);
    // It ran on the lab 5 site's origin, in a sandbox, and could not reach the window's storage (the lab key lives there).
    const framed = page.frames().find((frame) => frame.url().includes('/lab/xss?'))!;
    const siteUrl = new URL(framed.url());
    expect(siteUrl.port).not.toBe(new URL(e2e.app.url).port);
    expect(
      await page
        .locator('#lab-attack-frame')
        .evaluate((frame: HTMLIFrameElement) =>
          frame.contentDocument?.querySelector('iframe')?.getAttribute('sandbox'),
        ),
    ).toBe('allow-scripts allow-same-origin');
    expect(await framed.evaluate(() => sessionStorage.length)).toBe(0);
    expect(
      await framed.evaluate(() => {
        try {
          return String(window.top?.sessionStorage.length);
        } catch (error) {
          return (error as Error).name;
        }
      }),
    ).toBe('SecurityError');
    // The token panel shows what this page sent: nothing of the site's, though the browser sent those requests too.
    expect(await page.getByTestId('token-sends').textContent()).toContain('No request yet');
    await runStep(page, 'loot');
    expect(await expectProved(page, 'loot-home')).toMatch(
      /GET \/api\/v1\/lab\/evil-origin\/loot → 200: token eyJ\S*…\S{8} \(the one of exchange #\d+\), cookie "/,
    );
    // And what it stole, as the evil origin received it: the token, and document.cookie without the session cookie.
    const loot = page.getByTestId('xss-loot');
    await loot.scrollIntoViewIfNeeded();
    expect(await loot.textContent()).toMatch(/eyJ\S*…\S{8}.*no sl_session: HttpOnly hid it.*HTTP 200/);
    await shot(page, `lab-xss-theft-${store}-loot-in-view`);
    await expectSolved(page, 'xss-theft');

    // The app's own page kept its strict policy; only the lab page was weakened.
    const main = await fetch(e2e.app.server.url);
    expect(main.headers.get('content-security-policy')).toContain("script-src 'self'");

    await resetLab(page);
    await expect.poll(() => isProved(page, 'page-injected')).toBe(false);
    expect(await page.locator('#lab-attack-frame').count()).toBe(0);
    expect(await page.getByTestId('xss-script').count()).toBe(0);
    // The reset logged the site's token out (its page's own logout, on the site) and stopped the site: its port answers nothing now.
    const har = (await (
      await fetch(`${e2e.app.server.url}/api/v1/inspector/har`, { headers: { 'X-Lab-Key': e2e.app.server.labKey } })
    ).json()) as { log: { entries: { request: { method: string; url: string }; response: { status: number } }[] } };
    expect(
      har.log.entries.some(
        ({ request, response }) =>
          request.method === 'POST' &&
          request.url === `${siteUrl.origin}/api/v1/token/logout` &&
          response.status === 204,
      ),
    ).toBe(true);
    await expect
      .poll(async () =>
        fetch(`${siteUrl.origin}/lab/xss`).then(
          () => 'answered',
          () => 'refused',
        ),
      )
      .toBe('refused');
    for (const check of CHECKS) expect(await isProved(page, check)).toBe(false);
    expect(await page.evaluate(() => localStorage.getItem('sessionlab:access_token'))).toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});
