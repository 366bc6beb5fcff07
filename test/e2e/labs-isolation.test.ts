import { describe, expect, it } from 'vitest';
import { openApp, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectSolved, isProved, openLab, resetLab, runStep } from './lab-support.ts';
import { payloadSizeLab } from './lab-flows.ts';

// Labs stay apart: a lab starts on its first step, puts back the switches it changed when it is left, and a banner
// names whatever still differs from the launch configuration.
describe.runIf(hasChromium())('labs stay apart (Chromium)', () => {
  const e2e = useE2eApp('sqlite');
  const tokenSettings = async () =>
    (await (
      await fetch(`${e2e.app.server.url}/api/v1/lab/token-settings`, {
        headers: { 'X-Lab-Key': e2e.app.server.labKey },
      })
    ).json()) as { algorithm: string };

  it('opening a lab does not start it: what happened before its first step does not count', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    // The cookie login that lab 1's first check looks for, made before the lab starts.
    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    await openLab(page, 'where-state-lives');
    expect(await page.getByTestId('lab-not-started').count()).toBe(1);
    await page.waitForTimeout(500);
    for (const check of ['session-key', 'token-no-session', 'token-carries-state'])
      expect(await isProved(page, check)).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("the window's lab calls go without the session cookie (the lab key speaks for them)", async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    // Lab 8 reads the token switches when it starts and switches the algorithm: GET and PUT /lab/token-settings.
    await openLab(page, 'tampering');
    await runStep(page, 'token-login');
    await runStep(page, 'es256');
    const har = (await (
      await fetch(`${e2e.app.server.url}/api/v1/inspector/har`, { headers: { 'X-Lab-Key': e2e.app.server.labKey } })
    ).json()) as { log: { entries: { request: { method: string; url: string; headers: { name: string }[] } }[] } };
    const labCalls = har.log.entries
      .map(({ request }) => request)
      .filter((request) => new URL(request.url).pathname === '/api/v1/lab/token-settings');
    expect(labCalls.map((request) => request.method).sort()).toEqual(expect.arrayContaining(['GET', 'PUT']));
    for (const request of labCalls)
      expect(
        request.headers.map((header) => header.name.toLowerCase()),
        request.method,
      ).not.toContain('cookie');
    // The session is still the panel's: the lab's calls neither carried nor ended it.
    expect(await page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    // The reset puts the algorithm back for the tests after this one.
    await resetLab(page);
    await expect.poll(async () => (await tokenSettings()).algorithm).toBe('HS256');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lab 8 leaves ES256 behind only while it is open: lab 12 then measures HS256 and says so', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    await openLab(page, 'tampering');
    await runStep(page, 'token-login');
    await runStep(page, 'es256');
    expect((await tokenSettings()).algorithm).toBe('ES256');
    // While a switch differs from the launch configuration, the banner names it.
    await expect.poll(() => page.getByTestId('switches-banner').textContent()).toContain('token algorithm ES256');
    await openLab(page, 'load');
    await expect.poll(async () => (await tokenSettings()).algorithm).toBe('HS256');
    await expect.poll(() => page.getByTestId('switches-banner').count()).toBe(0);
    await page.getByTestId('load-users').fill('2');
    await page.getByTestId('load-seconds').fill('1');
    await page.getByTestId('load-run').click();
    await expect.poll(() => page.getByTestId('load-condition-algorithm').textContent()).toBe('HS256');
    await expect.poll(() => page.getByTestId('load-stop').isEnabled(), { timeout: 10_000 }).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the banner restores in one click what a switch left changed, and a solved lab stays solved after a reset and a reload', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    // The token panel's own switch, outside any lab.
    await page.getByLabel('Algorithm').selectOption('EdDSA');
    await expect.poll(() => page.getByTestId('switches-banner').textContent()).toContain('token algorithm EdDSA');
    await page.getByTestId('restore-switches').click();
    await expect.poll(() => page.getByTestId('switches-banner').count()).toBe(0);
    expect((await tokenSettings()).algorithm).toBe('HS256');

    await payloadSizeLab(page, 'sl_session');
    await resetLab(page);
    await expect.poll(() => page.getByTestId('lab-not-started').count()).toBe(1);
    await expectSolved(page, 'payload-size');
    await page.reload();
    await openLab(page, 'payload-size');
    await expectSolved(page, 'payload-size');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
