import { describe, expect, it } from 'vitest';
import { openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, isProved, openLab, resetLab, runStep } from './lab-support.ts';

const ROLE_CHECKS = ['cookie-new-role', 'token-old-role', 'refresh-new-role'];
const CORS_CHECKS = ['blocked', 'preflight', 'partner', 'allowlist-only', 'reflected'];

/** The console errors the browser logs for what CORS blocked: the lesson of lab 14, not a fault. */
const notCorsRefusals = (errors: string[]) =>
  errors.filter((error) => !/CORS policy|Failed to load resource|net::ERR_FAILED/.test(error));

describe.runIf(hasChromium())('labs 13 and 14, stale claims and CORS (Chromium)', () => {
  const e2e = useE2eApp('sqlite');
  const withKey = (path: string, init: RequestInit = {}) =>
    fetch(`${e2e.app.server.url}${path}`, {
      ...init,
      headers: { 'X-Lab-Key': e2e.app.server.labKey, 'Content-Type': 'application/json' },
    });

  it('lab 13: the cookie session sees the new role at once, the token keeps the old one until refreshed', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 1100 } });
    await openLab(page, 'stale-claims');
    for (const check of ROLE_CHECKS) expect(await isProved(page, check)).toBe(false);

    await runStep(page, 'cookie-login');
    await runStep(page, 'token-login');
    // Negative: asked before any change, nothing is stale or new.
    await runStep(page, 'cookie-me');
    await runStep(page, 'token-data');
    for (const check of ROLE_CHECKS) expect(await isProved(page, check)).toBe(false);

    await runStep(page, 'promote');
    expect(await page.getByTestId('lab-step-promote').getByTestId('lab-step-result').textContent()).toMatch(
      /alice was "user", is now "admin"\. The demo admin signed in on the server's own loopback port .*PUT \/api\/v1\/users\/\d+ → 200/,
    );
    // The learner's own cookie was not replaced: the panel is still alice's.
    await runStep(page, 'cookie-me');
    // Step 4 names the role it got in its own result line (the cookie panel may be hidden).
    expect(await page.getByTestId('lab-step-cookie-me').getByTestId('lab-step-result').textContent()).toMatch(
      /The server answers role "admin" for alice: it read the account/,
    );
    expect(await expectProved(page, 'cookie-new-role')).toMatch(
      /GET \/api\/v1\/session\/me → 200: the cookie session answers role "admin" right after the change \(exchange #\d+: PUT \/api\/v1\/users\/\d+ → 200\)/,
    );
    expect(await isProved(page, 'token-old-role')).toBe(false);
    await runStep(page, 'token-data');
    expect(await page.getByTestId('lab-step-token-data').getByTestId('lab-step-result').textContent()).toContain(
      'The token sent claims role "user"',
    );
    expect(await expectProved(page, 'token-old-role')).toMatch(
      /GET \/api\/v1\/token\/data → 200: the token it carried still says role "user", and the answer read it from there, though alice is "admin"/,
    );
    expect(await isProved(page, 'refresh-new-role')).toBe(false);
    await runStep(page, 'refresh');
    await runStep(page, 'token-data-2');
    expect(await page.getByTestId('lab-step-token-data-2').getByTestId('lab-step-result').textContent()).toContain(
      'The token sent claims role "admin", and the answer reports role "admin": copied from the token',
    );
    expect(await expectProved(page, 'refresh-new-role')).toMatch(
      /POST \/api\/v1\/token\/refresh → 200 signed a token with role "admin"; exchange #\d+: GET \/api\/v1\/token\/data → 200 carried it/,
    );
    await page.getByTestId('lab-stale-claims').evaluate((lab) => {
      lab.scrollTop = 0;
    });
    await expectSolved(page, 'stale-claims');

    await resetLab(page);
    // alice's role is back: the switches name no changed role.
    const after = (await (await withKey('/api/v1/lab/switches')).json()) as { changed: { group: string }[] };
    expect(after.changed.filter((change) => change.group === 'account-roles')).toEqual([]);
    for (const check of ROLE_CHECKS) expect(await isProved(page, check)).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('lab 13: leaving it signs both halves out, so no token claiming "admin" outlives it', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 1100 } });
    await openLab(page, 'stale-claims');
    await runStep(page, 'cookie-login');
    await runStep(page, 'token-login');
    await runStep(page, 'promote');
    await runStep(page, 'refresh');
    const heldClaims = () =>
      page.evaluate(() =>
        Object.keys(localStorage)
          .map((key) => localStorage.getItem(key) ?? '')
          .filter((value) => /eyJ/.test(value)),
      );
    expect((await heldClaims()).length).toBeGreaterThan(0);
    // Leave for another lab: the role goes back, and both halves sign out.
    await openLab(page, 'cors');
    await expect.poll(heldClaims).toEqual([]);
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
    // …and the lab opened next says so, where the learner is looking.
    expect(await page.getByTestId('lab-left-note').textContent()).toMatch(/^Leaving lab 13 signed out both panels/);
    await shot(page, 'lab-13-left-note');
    const after = (await (await withKey('/api/v1/lab/switches')).json()) as { changed: { group: string }[] };
    expect(after.changed.filter((change) => change.group === 'account-roles')).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('lab 14: the browser hides the answer by default, lets the allowlisted partner read it, and reflecting any Origin hands it to the attacker', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 1100 } });
    await openLab(page, 'cors');
    for (const check of CORS_CHECKS) expect(await isProved(page, check)).toBe(false);

    await runStep(page, 'cookie-login');
    await runStep(page, 'attacker-default');
    expect(await page.getByTestId('lab-step-attacker-default').getByTestId('lab-step-result').textContent()).toMatch(
      /The attacker’s page \(http:\/\/127\.0\.0\.1:\d+\): the simple GET could not read the answer: the browser blocked it \(TypeError: Failed to fetch\), though the server did answer it .*\. The GET with X-Cors-Lab, which needs a preflight, could not read the answer: .*its OPTIONS got no permission, so the GET itself was never sent/,
    );
    // The preflight has words of its own in the step's result, and the two words are explained before the step.
    expect(await page.getByTestId('lab-step-attacker-default').getByTestId('lab-step-result').textContent()).toMatch(
      /Preflight: the second GET carries the X-Cors-Lab header, which a simple GET may not carry.*OPTIONS answered 204 with no Access-Control-Allow-Origin/,
    );
    expect(await page.getByTestId('lab-step-cors-terms').textContent()).toMatch(/A simple GET is.*A preflight is/);
    expect(
      await page
        .getByTestId('lab-step-cors-terms')
        .getByTestId('gloss')
        .evaluateAll((glosses) =>
          glosses.map((gloss) => document.getElementById(gloss.getAttribute('aria-describedby') ?? '')?.textContent),
        ),
    ).toEqual([expect.stringMatching(/no custom header/), expect.stringMatching(/OPTIONS/)]);
    // The framed page speaks to the learner.
    const sites = (await (await withKey('/api/v1/lab/cors')).json()) as { attackerOrigin: string };
    expect(await (await fetch(`${sites.attackerOrigin}/`)).text()).toContain('any site you happen to visit');
    expect(await expectProved(page, 'blocked')).toMatch(
      /GET \/api\/v1\/lab\/cors\/account → 200, Origin http:\/\/127\.0\.0\.1:\d+, Access-Control-Allow-Origin: none, with the session cookie/,
    );
    expect(await expectProved(page, 'preflight')).toMatch(
      /OPTIONS \/api\/v1\/lab\/cors\/account → 204, Origin http:\/\/127\.0\.0\.1:\d+, Access-Control-Allow-Origin: none, Access-Control-Request-Headers: x-cors-lab/,
    );
    expect(await isProved(page, 'partner')).toBe(false);
    expect(await isProved(page, 'reflected')).toBe(false);

    await runStep(page, 'allowlist');
    // The policy step says what the target will answer now, and to whom (not just "Accepted (200)").
    expect(await page.getByTestId('lab-step-allowlist').getByTestId('lab-step-result').textContent()).toMatch(
      /lets the partner’s page \(http:\/\/127\.0\.0\.1:\d+\) read alice’s account, and nobody else.*Access-Control-Allow-Origin: http:\/\/127\.0\.0\.1:\d+/,
    );
    await runStep(page, 'partner');
    expect(await expectProved(page, 'partner')).toMatch(
      /→ 200, Origin (http:\/\/127\.0\.0\.1:\d+), Access-Control-Allow-Origin: \1, Allow-Credentials: true/,
    );
    expect(await isProved(page, 'allowlist-only')).toBe(false);
    await runStep(page, 'attacker-allowlist');
    expect(await expectProved(page, 'allowlist-only')).toMatch(/Access-Control-Allow-Origin: none/);
    expect(await isProved(page, 'reflected')).toBe(false);

    await runStep(page, 'reflect');
    expect(await page.getByTestId('lab-step-reflect').getByTestId('lab-step-result').textContent()).toMatch(
      /lets any page read alice’s account: it copies whatever Origin a request carries into Access-Control-Allow-Origin/,
    );
    const switches = (await (await withKey('/api/v1/lab/switches')).json()) as { changed: unknown[] };
    expect(switches.changed).toContainEqual(expect.objectContaining({ group: 'cors-policy', now: 'reflect' }));
    // The real API still names no origin to the attacker's page while the switch is on.
    const attacker = ((await (await withKey('/api/v1/lab/cors')).json()) as { attackerOrigin: string }).attackerOrigin;
    const real = await fetch(`${e2e.app.server.url}/api/v1/session/me`, { headers: { Origin: attacker } });
    expect(real.headers.get('access-control-allow-origin')).toBeNull();
    await runStep(page, 'attacker-reflect');
    expect(await expectProved(page, 'reflected')).toMatch(
      /Origin (http:\/\/127\.0\.0\.1:\d+), Access-Control-Allow-Origin: \1, Allow-Credentials: true: it read alice's account SL-\d{6}/,
    );
    // The loot, where the learner looks: what the attacker's page read and sent home, and the script it ran.
    await expect.poll(() => page.getByTestId('cors-loot').count()).toBe(1);
    expect(await page.getByTestId('cors-loot').textContent()).toMatch(
      /Stolen: the attacker’s page read alice \(alice@[^,]+, role user\), account SL-\d{6}, balance \d+/,
    );
    expect(await page.getByTestId('cors-reports').textContent()).toMatch(
      /Attacker.*Read \(HTTP 200\).*"username":"alice"/s,
    );
    expect(await page.getByTestId('cors-script').textContent()).toContain("credentials: 'include'");
    await page.getByTestId('lab-cors').evaluate((lab) => {
      lab.scrollTop = 0;
    });
    await expectSolved(page, 'cors');
    await page.getByTestId('cors-panel').scrollIntoViewIfNeeded();
    await shot(page, 'lab-cors-loot');

    await resetLab(page);
    expect(((await (await withKey('/api/v1/lab/cors')).json()) as { mode: string }).mode).toBe('same-origin');
    expect(await page.locator('#lab-attack-frame').count()).toBe(0);
    for (const check of CORS_CHECKS) expect(await isProved(page, check)).toBe(false);
    expect(notCorsRefusals(errors)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
