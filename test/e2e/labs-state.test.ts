import { describe, expect, it } from 'vitest';
import { keyRow, openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, isProved, openLab, resetLab, runStep } from './lab-support.ts';

describe.runIf(hasChromium())('labs: where the state lives, and the server-side kill (Chromium)', () => {
  const e2e = useE2eApp('sqlite');

  it('lab 1: the cookie login writes a session key, the token login none, and the token call changes nothing (it only looks up its denylist)', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    await openLab(page, 'where-state-lives');
    // Nothing is proved before anything happened.
    for (const check of ['session-key', 'token-no-session', 'token-carries-state'])
      expect(await isProved(page, check)).toBe(false);
    await runStep(page, 'cookie-login');
    expect(await expectProved(page, 'session-key')).toMatch(/POST \/api\/v1\/session\/login → 200 caused SET sl:sess:/);
    expect(await isProved(page, 'token-no-session')).toBe(false);
    await runStep(page, 'token-login');
    expect(await expectProved(page, 'token-no-session')).toMatch(
      /POST \/api\/v1\/token\/login → 200 wrote .*sl:refresh:/,
    );
    await runStep(page, 'token-data');
    expect(await expectProved(page, 'token-carries-state')).toMatch(
      /with a Bearer token: it changed nothing in the store \(it only looked the token up on the denylist: \d+ reads?\)/,
    );
    // Under each step, what it did: the answer in words, then the raw exchange and the store commands it ran.
    const login = page.getByTestId('lab-step-cookie-login').getByTestId('lab-step-exchange').first();
    expect(await login.textContent()).toMatch(
      /^Accepted \(200\)\. .*#\d+ POST \/api\/v1\/session\/login → 200▸ login attempt counters: \d+ commands.*write ?SET sl:sess:/,
    );
    const data = page.getByTestId('lab-step-token-data').getByTestId('lab-step-exchange');
    expect(await data.textContent()).toMatch(
      /^Accepted \(200\)\. It looked up \d+ keys? in the store and changed nothing\..*GET \/api\/v1\/token\/data → 200.*read ?EXISTS sl:denylist:/i,
    );
    // Beside the steps, the store live: the session key the login wrote, with its TTL counting down.
    const sessionRow = page.locator('[data-testid="lab-live-key"]:not([data-gone])').filter({ hasText: 'sl:sess:' });
    expect(await sessionRow.textContent()).toMatch(/\d+ min \d+ s$/);
    await expectSolved(page, 'where-state-lives');
    // Solved, the lab says why it matters, with one primary source.
    expect(await page.getByTestId('lab-why').getByRole('link').getAttribute('href')).toMatch(/^https:\/\//);

    // Reset signs both halves out and the checks start again from nothing.
    await resetLab(page);
    await expect.poll(() => isProved(page, 'session-key')).toBe(false);
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
    // Signed out by the reset is not an error: no red note on the cookie panel.
    expect(await page.getByTestId('cookie-error').count()).toBe(0);
    // The reset's own logout does not count: a token login alone proves only its own check.
    await runStep(page, 'token-login');
    await expectProved(page, 'token-no-session');
    expect(await isProved(page, 'session-key')).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lab 3: a DEL in the inspector ends the cookie session on its next request; the token goes on working', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    await openLab(page, 'server-side-kill');
    await runStep(page, 'cookie-login');
    await runStep(page, 'token-login');
    await expectProved(page, 'session-key');
    // An action step is marked done when its button's requests are answered.
    expect(await page.getByTestId('lab-step-cookie-login').getByTestId('lab-step-done').count()).toBe(1);
    // Asking /me before the kill is answered 200: that proves nothing about the kill.
    await runStep(page, 'me');
    expect(await isProved(page, 'cookie-refused')).toBe(false);
    // The step done in the Inspector is not done yet.
    const deleteStep = page.getByTestId('lab-step-delete');
    expect(await deleteStep.getByTestId('lab-step-done').count()).toBe(0);

    // The learner's move, in the Inspector tab: select the session key and delete it.
    const key = `sl:sess:${(await page.context().cookies()).find((cookie) => cookie.name === 'sl_session')!.value}`;
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await keyRow(page, key).getByRole('button', { name: key }).click();
    await page.getByTestId('key-delete').click();
    await keyRow(page, key, true).waitFor();

    await page.getByRole('tab', { name: 'Labs' }).click();
    await expectProved(page, 'deleted');
    // Back from the Inspector tab, the steps done before it still say so.
    expect(await page.getByTestId('lab-step-cookie-login').getByTestId('lab-step-done').count()).toBe(1);
    expect(await page.getByTestId('lab-step-me').getByTestId('lab-step-exchange').first().textContent()).toMatch(
      /^Accepted/,
    );
    // The learner's move is marked done where it was asked for, with what it did: words first, the command second.
    await deleteStep.getByTestId('lab-step-done').waitFor();
    expect(await deleteStep.getByTestId('lab-step-outcome').textContent()).toMatch(
      /^The session key was deleted from the inspector \(DEL\), not by the browser\.DEL sl:sess:/,
    );
    for (const [width, height] of [
      [1280, 720],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      await deleteStep.evaluate((step) => step.scrollIntoView({ block: 'center' }));
      await shot(page, `lab-3-delete-done-${width}x${height}`);
    }
    await runStep(page, 'me');
    expect(await expectProved(page, 'cookie-refused')).toMatch(
      /GET \/api\/v1\/session\/\w+ → 401 NOT_AUTHENTICATED, with the deleted session's cookie/,
    );
    // The session ended on the server: the panel is signed out, with no red error (it is a state, not a failure).
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
    expect(await page.getByTestId('cookie-error').count()).toBe(0);
    await runStep(page, 'token-data');
    await expectProved(page, 'token-unaffected');
    await expectSolved(page, 'server-side-kill');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
