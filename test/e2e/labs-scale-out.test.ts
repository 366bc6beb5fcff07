import { describe, expect, it } from 'vitest';
import { openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, isProved, openLab, resetLab, runStep } from './lab-support.ts';

describe.runIf(hasChromium())('lab 9: scale-out (Chromium)', () => {
  const e2e = useE2eApp('sqlite');

  it('a second instance answers the cookie only on the shared store, the token on either; reset stops it', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 1350 } });
    await openLab(page, 'scale-out');
    const panel = page.getByTestId('scale-out-panel');
    await expect.poll(() => panel.getByTestId('instance-b').textContent()).toContain('not running');
    for (const check of ['shared-cookie', 'memory-cookie', 'alive-on-a', 'token-both'])
      expect(await isProved(page, check)).toBe(false);

    await runStep(page, 'sign-in');
    await runStep(page, 'keep-copies');
    // Before B runs, the replay has nowhere to go: the step says why.
    await runStep(page, 'send-shared');
    expect(await page.getByTestId('lab-step-send-shared').getByRole('alert').textContent()).toMatch(
      /Instance B is not running/,
    );

    await runStep(page, 'start-shared');
    await expect.poll(() => panel.getByTestId('instance-b').textContent()).toMatch(/B 127\.0\.0\.1:\d+/);
    await panel.getByTestId('store-shared').waitFor();
    await runStep(page, 'send-shared');
    expect(await expectProved(page, 'shared-cookie')).toMatch(
      /GET \/api\/v1\/session\/me → 200 on B \(127\.0\.0\.1:\d+, shared store\), with the cookie of session \S+ written by exchange #\d+ on A/,
    );
    // The token on one store only is half the point.
    expect(await isProved(page, 'token-both')).toBe(false);

    await runStep(page, 'start-memory');
    await expect.poll(() => panel.getByTestId('store-b').textContent()).toContain('B’s own memory');
    await runStep(page, 'send-memory');
    expect(await expectProved(page, 'memory-cookie')).toMatch(
      /GET \/api\/v1\/session\/me → 401 NOT_AUTHENTICATED on B \(127\.0\.0\.1:\d+, its own memory\)/,
    );
    expect(await expectProved(page, 'token-both')).toMatch(
      /on B \(127\.0\.0\.1:\d+, shared store\) → 200; exchange #\d+ on B \(127\.0\.0\.1:\d+, its own memory\) → 200/,
    );
    // A has not been asked since B refused: nothing shows yet that the session is alive.
    expect(await isProved(page, 'alive-on-a')).toBe(false);
    await runStep(page, 'cookie-to-a');
    expect(await expectProved(page, 'alive-on-a')).toMatch(
      /GET \/api\/v1\/session\/me → 200 on A \(127\.0\.0\.1:\d+\), after B’s 401/,
    );
    expect(await panel.getByTestId('instance-answers').textContent()).toMatch(/401 NOT_AUTHENTICATED \(own memory\)/);
    await panel.scrollIntoViewIfNeeded();
    await expectSolved(page, 'scale-out');

    // The exchange log marks what B answered.
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const tagged = page.locator('[data-testid="exchange-row"]', { has: page.locator('.instance-tag') });
    await expect.poll(() => tagged.count()).toBe(4);
    await shot(page, 'lab-scale-out-exchanges');
    // The diagram gives B and B's own memory lanes of their own; the session read B's 401 came from is drawn there.
    await page.getByRole('tab', { name: 'Sequence diagram' }).click();
    await page.getByTestId('seq-lane-b').waitFor();
    await page.getByTestId('seq-lane-b-store').waitFor();
    const refusedByB = page
      .locator('[data-testid="seq-block"]', {
        has: page.locator('[data-testid="seq-request"][aria-label*=". Request GET /api/v1/session/me"]'),
      })
      .filter({ has: page.locator('[data-testid="seq-response"][aria-label^="401 NOT_AUTHENTICATED"]') });
    await expect.poll(() => refusedByB.locator('[data-testid="seq-read"][aria-label*="GET sl:sess:"]').count()).toBe(1);
    await shot(page, 'lab-scale-out-sequence');

    // Reset stops B and starts the checks again.
    await page.getByRole('tab', { name: 'Labs' }).click();
    await resetLab(page);
    await expect.poll(() => isProved(page, 'shared-cookie')).toBe(false);
    await expect.poll(() => panel.getByTestId('instance-b').textContent()).toContain('not running');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
