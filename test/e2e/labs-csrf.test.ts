import { describe, expect, it } from 'vitest';
import { openApp, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, isProved, openLab, resetLab, runStep } from './lab-support.ts';

const CHECKS = ['samesite', 'origin', 'token', 'forged', 'no-bearer'];

/** The console errors a framed JSON answer causes: the API is never framed (frame-ancestors 'none'), as it should be. */
const notFramingRefusals = (errors: string[]) =>
  errors.filter((error) => !/frame-ancestors|Refused to display|Refused to frame/.test(error));

describe.runIf(hasChromium())('lab 6, CSRF (Chromium)', () => {
  const e2e = useE2eApp('sqlite');
  const defences = async () =>
    (await (
      await fetch(`${e2e.app.server.url}/api/v1/lab/csrf/defences`, { headers: { 'X-Lab-Key': e2e.app.server.labKey } })
    ).json()) as Record<string, unknown>;

  it('SameSite, then the Origin check, then the CSRF token stop the forged form; with both switches off it works; no Bearer rides along', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 1100 } });
    await openLab(page, 'csrf');
    for (const check of CHECKS) expect(await isProved(page, check)).toBe(false);

    // Negative: signed out, a same-site forgery has no cookie to ride: none of the defence checks tick.
    await runStep(page, 'same-site');
    await expect.poll(async () => (await page.locator('#lab-attack-frame').count()) === 1).toBe(true);
    for (const check of CHECKS) expect(await isProved(page, check)).toBe(false);

    await runStep(page, 'cookie-login');
    await runStep(page, 'token-login');
    await runStep(page, 'cross-site');
    expect(await expectProved(page, 'samesite')).toMatch(
      /POST \/api\/v1\/lab\/csrf\/transfer → 401 NOT_AUTHENTICATED, Origin http:\/\/localhost:\d+, without the session cookie/,
    );
    expect(await isProved(page, 'origin')).toBe(false);
    // The sequence diagram draws the forged form from the other origin's own lane, and the refusal back to it.
    await page.getByRole('tab', { name: 'Sequence diagram' }).click();
    await expect.poll(() => page.getByTestId('seq-lane-other').textContent()).toMatch(/Another origin.*localhost:\d+/);
    const forged = page.locator('[data-testid="seq-block"]', {
      has: page.locator('[data-testid="seq-request"][aria-label*=". Request POST /api/v1/lab/csrf/transfer"]'),
    });
    expect(await forged.last().getByTestId('seq-response').getAttribute('aria-label')).toMatch(
      /^401 NOT_AUTHENTICATED/,
    );
    await page.getByRole('tab', { name: 'Labs' }).click();

    await runStep(page, 'same-site');
    expect(await expectProved(page, 'origin')).toMatch(
      /→ 403 FORBIDDEN_ORIGIN, Origin http:\/\/127\.0\.0\.1:\d+, with the session cookie/,
    );
    expect(await isProved(page, 'token')).toBe(false);
    await runStep(page, 'origin-off');
    expect(await defences()).toMatchObject({ originCheck: false, csrfToken: true, sameSite: 'lax' });
    await runStep(page, 'same-site-2');
    expect(await expectProved(page, 'token')).toMatch(
      /→ 403 CSRF_FAILED, Origin http:\/\/127\.0\.0\.1:\d+, with the session cookie/,
    );
    expect(await isProved(page, 'forged')).toBe(false);
    await runStep(page, 'token-off');
    await runStep(page, 'same-site-3');
    expect(await expectProved(page, 'forged')).toMatch(
      /→ 200, Origin http:\/\/127\.0\.0\.1:\d+, with the session cookie/,
    );
    expect(await expectProved(page, 'no-bearer')).toMatch(
      /forged posts? \(#\d+(, #\d+)*\) after the token login \(exchange #\d+\), none with Authorization/,
    );
    // With every switch off, the cross-site form still gets nowhere: SameSite is not a switch over plain HTTP.
    await runStep(page, 'cross-site');
    await page.getByTestId('lab-csrf').evaluate((lab) => {
      lab.scrollTop = 0;
    });
    await expectSolved(page, 'csrf');

    await resetLab(page);
    await expect.poll(() => isProved(page, 'samesite')).toBe(false);
    expect(await defences()).toEqual({ originCheck: true, csrfToken: true, sameSite: 'lax' });
    expect(await page.locator('#lab-attack-frame').count()).toBe(0);
    for (const check of CHECKS) expect(await isProved(page, check)).toBe(false);
    expect(notFramingRefusals(errors)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
