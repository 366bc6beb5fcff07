import { describe, expect, it } from 'vitest';
import { openApp, useE2eApp } from '../support/e2e.ts';
import { REDIS_SERVER_BIN } from '../support/requirements.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, isProved, openLab, runStep } from './lab-support.ts';

describe.runIf(hasChromium() && REDIS_SERVER_BIN)('lab 10, outage (Chromium, a real redis-server paused for 8 s)', () => {
  const e2e = useE2eApp('redis');

  it('the cookie half is answered 503 but not logged out and comes back; the token goes on without its denylist', async () => {
    const { page } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    await openLab(page, 'outage');
    await runStep(page, 'login');
    await runStep(page, 'denylist-on');
    for (const check of ['outage', 'cookie-503', 'denylist-needs-store', 'token-goes-on', 'recovered']) expect(await isProved(page, check)).toBe(false);
    await runStep(page, 'outage');
    await expectProved(page, 'outage');
    await runStep(page, 'cookie-during');
    expect(await expectProved(page, 'cookie-503')).toMatch(/→ 503 STORE_UNAVAILABLE, no Set-Cookie/);
    // Not a logout: the panel still holds the session and says why it cannot answer.
    expect(await page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    await runStep(page, 'token-during');
    await expectProved(page, 'denylist-needs-store');
    // A 200 for the token with the denylist still on would not prove the next check; nothing has yet.
    expect(await isProved(page, 'token-goes-on')).toBe(false);
    await runStep(page, 'denylist-off');
    await runStep(page, 'token-no-denylist');
    await expectProved(page, 'token-goes-on');
    expect(await isProved(page, 'recovered')).toBe(false);
    // The store banner says when it is back; then the same cookie works again.
    await expect.poll(() => page.getByTestId('store-state').textContent(), { timeout: 15_000 }).toBe('connected');
    await runStep(page, 'cookie-after');
    await expectProved(page, 'recovered');
    await expectSolved(page, 'outage');
    await page.context().close();
  }, 60_000);
});
