import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { E2E_STORES, openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';

describe.runIf(hasChromium()).each(E2E_STORES)('the sequence diagram in Chromium, on %s', (store) => {
  const e2e = useE2eApp(store);

  it('draws each exchange as browser, server and store lanes with its credential, store commands and answer; selects with the HTTP log; pauses, steps and exports', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1280, height: 720 } });
    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    await page.getByTestId('token-demo-bob').click();
    await page.getByRole('button', { name: 'Log in (get a token)' }).click();
    await page.getByTestId('stored-token').waitFor();
    await page.getByTestId('token-fetch').click();
    await page.getByTestId('token-data').waitFor();
    await page.getByTestId('panels-toggle').click();
    await page.getByRole('tab', { name: 'Sequence diagram' }).click();

    for (const lane of ['browser', 'server', 'store']) await page.getByTestId(`seq-lane-${lane}`).waitFor();
    // The store lane names the backend once the server's metrics (every second) have said which it is.
    await expect
      .poll(() => page.getByTestId('seq-lane-store').textContent())
      .toContain(store === 'redis' ? 'Redis' : 'SQLite');
    // The cookie login: its request, the session write among its store commands, and the Set-Cookie of its answer.
    const login = page.locator('[data-testid="seq-block"]', {
      has: page.locator('[data-testid="seq-request"][aria-label*=". Request POST /api/v1/session/login"]'),
    });
    await expect.poll(() => login.locator('[data-testid="seq-write"][aria-label*="SET sl:sess:"]').count()).toBe(1);
    expect(await login.getByTestId('seq-response').getAttribute('aria-label')).toMatch(
      /^200 Set-Cookie: sl_session, sl_session\.sig\. Response 200 with Set-Cookie: sl_session=/,
    );
    // The token login: no cookie, the JWT and the refresh token in its body.
    const tokenLogin = page.locator('[data-testid="seq-block"]', {
      has: page.locator('[data-testid="seq-request"][aria-label*=". Request POST /api/v1/token/login"]'),
    });
    expect(await tokenLogin.getByTestId('seq-response').getAttribute('aria-label')).toMatch(
      /^200 Body: access_token \(a JWT\) \+ refresh_token\. Response 200, Body: access_token/,
    );
    // The token call: the bearer token it carried, reads only (its denylist), no write.
    const data = page
      .locator('[data-testid="seq-block"]', {
        has: page.locator(
          '[data-testid="seq-request"][aria-label*=". Request GET /api/v1/token/data with Authorization: Bearer eyJ"]',
        ),
      })
      .last();
    await expect
      .poll(() => data.locator('[data-testid="seq-read"][aria-label*="EXISTS sl:denylist:"]').count())
      .toBe(1);
    expect(await data.getByTestId('seq-write').count()).toBe(0);
    await shot(page, `sequence-${store}-1280`);

    // An arrow selects its exchange (by keyboard too): its detail opens beside the diagram, and the HTTP log has it.
    const dataId = await data.getAttribute('data-exchange');
    await data.getByTestId('seq-request').focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('exchange-detail').locator('h3').textContent()).toMatch(
      new RegExp(`^#${dataId} GET /api/v1/token/data → 200`),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Inspector' }).click();
    expect(await page.getByTestId('exchange-detail').locator('h3').textContent()).toMatch(new RegExp(`^#${dataId} `));
    // …and the other way: the login selected in the HTTP log is the one selected in the diagram.
    const loginRow = page.getByTestId('exchange-row').filter({ hasText: 'POST /api/v1/session/login' });
    await loginRow.getByRole('button').click();
    const loginId = await loginRow.getAttribute('data-exchange');
    await page.getByRole('tab', { name: 'Sequence diagram' }).click();
    expect(await page.locator('[data-testid="seq-block"].selected').getAttribute('data-exchange')).toBe(loginId);
    expect(await login.getAttribute('data-exchange')).toBe(loginId);

    // Paused, a new exchange waits; back to live, it is drawn.
    await page.getByTestId('seq-pause').click();
    const before = await page.getByTestId('seq-block').count();
    await page.evaluate(() => fetch('/api/v1/session/me', { credentials: 'same-origin' }));
    await expect
      .poll(() => page.getByTestId('seq-state').textContent())
      .toMatch(/Paused: [1-9]\d* newer exchanges? waiting/);
    expect(await page.getByTestId('seq-block').count()).toBe(before);
    await page.getByTestId('seq-live').click();
    await expect
      .poll(() =>
        page
          .locator('[data-testid="seq-block"]')
          .last()
          .locator('[data-testid="seq-request"]')
          .getAttribute('aria-label'),
      )
      .toMatch(/\. Request GET \/api\/v1\/session\/me with Cookie: /);
    // Stepping back selects the exchange before.
    const newest = Number(await page.locator('[data-testid="seq-block"]').last().getAttribute('data-exchange'));
    await page.getByTestId('seq-older').click();
    const stepped = Number(await page.locator('[data-testid="seq-block"].selected').getAttribute('data-exchange'));
    expect(stepped).toBeLessThan(newest);
    expect(await page.getByTestId('seq-position').textContent()).toMatch(/^exchange (\d+) of the last (\d+)$/);
    // …and Newer steps forward again, to the newest.
    await page.getByTestId('seq-newer').click();
    expect(Number(await page.locator('[data-testid="seq-block"].selected').getAttribute('data-exchange'))).toBe(newest);
    expect(await page.getByTestId('seq-newer').isDisabled()).toBe(true);
    await page.getByTestId('seq-older').click();
    // The keyboard alone reaches an arrow: Tab from the toolbar's last button lands on the diagram's arrows.
    await page.getByTestId('seq-export').focus();
    let reached = '';
    for (let i = 0; i < 6 && !/^seq-(request|read|write|response)$/.test(reached); i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    }
    expect(reached).toMatch(/^seq-(request|read|write|response)$/);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, `sequence-${store}-1280-dark`);
    await page.emulateMedia({ colorScheme: 'light' });

    // Export: a stand-alone SVG with the lanes and the arrows' words.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('seq-export').click()]);
    expect(download.suggestedFilename()).toBe('session-lab-sequence.svg');
    const svg = readFileSync((await download.path())!, 'utf8');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // The picture as shown: the lanes, and the exchange stepped to, with its arrows' words.
    for (const words of ['Browser', 'Server', 'Store', `#${stepped} ·`, 'Response ']) expect(svg).toContain(words);
    expect(svg).toMatch(/<rect width="100%" height="100%" style="fill:rgb\(/);
    expect(svg).not.toContain('var(--');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 40_000);
});
