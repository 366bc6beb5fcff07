import { describe, expect, it } from 'vitest';
import { openApp, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, isProved, openLab, resetLab, runStep } from './lab-support.ts';

describe.runIf(hasChromium())('lab 4, expiry (Chromium, real time: about 30 s)', () => {
  const e2e = useE2eApp('sqlite');

  it('a busy session slides but ends at its absolute lifetime, an idle one ends alone, and the token ends at its fixed exp', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    await openLab(page, 'expiry');
    await runStep(page, 'short');
    await runStep(page, 'login');
    await runStep(page, 'token-now');
    for (const check of ['sliding', 'absolute', 'idle', 'fixed-exp']) expect(await isProved(page, check)).toBe(false);
    // About 15 s: the session is asked every 2 s until its absolute lifetime ends it.
    await page.getByTestId('lab-step-busy').getByTestId('lab-step-button').click();
    expect(await expectProved(page, 'sliding')).toMatch(
      /GET \/api\/v1\/session\/me → 200 caused SET sl:sess:.* PX \d+/,
    );
    await expect
      .poll(() => page.getByTestId('lab-step-busy').getByTestId('lab-step-button').isEnabled(), { timeout: 25_000 })
      .toBe(true);
    expect(await expectProved(page, 'absolute')).toMatch(/SESSION_EXPIRED|the absolute limit, not idleness/);
    // The renewals did not make it idle-ended, and nothing proves the idle check yet.
    expect(await isProved(page, 'idle')).toBe(false);
    // The token (5 s, plus the 5 s clock tolerance) has passed its exp by now.
    await runStep(page, 'token-later');
    expect(await expectProved(page, 'fixed-exp')).toMatch(/→ 200, then .* → 401 TOKEN_EXPIRED with the same token/);
    await runStep(page, 'idle');
    await expect.poll(() => isProved(page, 'idle'), { timeout: 12_000 }).toBe(true);
    await expectSolved(page, 'expiry');

    // The reset puts the lifetimes back: a new login gets the config's 30 min idle TTL again.
    await resetLab(page);
    await expect.poll(() => isProved(page, 'sliding')).toBe(false);
    const settings = await page.evaluate(async () => {
      const key = sessionStorage.getItem('sessionlab:lab-key')!;
      return (await fetch('/api/v1/lab/session-settings', { headers: { 'X-Lab-Key': key } })).json();
    });
    expect(settings).toEqual({ idleTtlMs: 1_800_000, absoluteTtlMs: 28_800_000, touchMs: 5_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});
