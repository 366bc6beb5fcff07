import { describe, expect, it } from 'vitest';
import { openApp, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, forgeInDebugger, isProved, openLab, resetLab, runStep } from './lab-support.ts';
import { payloadSizeLab } from './lab-flows.ts';
import { DEFAULT_SESSION_COOKIE_NAME } from '../../shared/api/session.ts';

describe.runIf(hasChromium())('labs: tampering and payload size (Chromium)', () => {
  const e2e = useE2eApp('sqlite');
  const tokenAlgorithm = async () => {
    const res = await fetch(`${e2e.app.server.url}/api/v1/lab/token-settings`, {
      headers: { 'X-Lab-Key': e2e.app.server.labKey },
    });
    return ((await res.json()) as { algorithm: string }).algorithm;
  };

  it('lab 8: the edited role, alg none and algorithm confusion are each refused with their code; the untouched token gets 200', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    await openLab(page, 'tampering');
    for (const check of ['role-changed', 'alg-none', 'confusion', 'untouched'])
      expect(await isProved(page, check)).toBe(false);

    await runStep(page, 'token-login');
    await runStep(page, 'untouched');
    expect(await expectProved(page, 'untouched')).toMatch(
      /GET \/api\/v1\/token\/data → 200 with the token exchange #\d+ issued, unchanged/,
    );
    expect(await isProved(page, 'role-changed')).toBe(false);
    const makeAdmin = page.getByTestId('lab-step-make-admin');
    expect(await makeAdmin.getByTestId('lab-step-done').count()).toBe(0);

    // The learner forges it by hand in the lab's debugger: the role edited in the payload, the signature kept.
    expect(
      await forgeInDebugger(page, {
        part: 'payload',
        from: '"role": "user"',
        to: '"role": "admin"',
        signature: 'keep',
      }),
    ).toBe('TOKEN_SIGNATURE_INVALID');
    expect(await expectProved(page, 'role-changed')).toMatch(
      /GET \/api\/v1\/token\/data → 401 TOKEN_SIGNATURE_INVALID: role "user" → "admin" in the token exchange #\d+ issued, its signature kept/,
    );
    // The step the learner did in the debugger is marked done, with the exchange that proved it under it.
    await makeAdmin.getByTestId('lab-step-done').waitFor();
    expect(await makeAdmin.getByTestId('lab-step-exchange').textContent()).toMatch(
      /^Refused: the signature does not match \(401\).*GET \/api\/v1\/token\/data → 401 TOKEN_SIGNATURE_INVALID/,
    );
    // The forged request is the lab's own: the panel keeps the real token.
    expect(await page.getByTestId('token-panel').getAttribute('data-state')).toBe('signed-in');

    expect(
      await forgeInDebugger(page, { part: 'header', from: '"alg": "HS256"', to: '"alg": "none"', signature: 'strip' }),
    ).toBe('TOKEN_ALG_NOT_ALLOWED');
    expect(await expectProved(page, 'alg-none')).toMatch(
      /→ 401 TOKEN_ALG_NOT_ALLOWED: header alg "none", role "user", no signature/,
    );
    await page.getByTestId('lab-step-alg-none').getByTestId('lab-step-done').waitFor();
    expect(await page.getByTestId('lab-step-alg-none').getByTestId('lab-step-exchange').textContent()).toMatch(
      /TOKEN_ALG_NOT_ALLOWED/,
    );
    // The same code for another reason: the alg none token is no proof of the confusion check.
    expect(await isProved(page, 'confusion')).toBe(false);

    await runStep(page, 'es256');
    expect(await tokenAlgorithm()).toBe('ES256');
    await expect.poll(() => page.getByTestId('token-raw').textContent()).toMatch(/^eyJhbGciOiJFUzI1Ni/);
    await runStep(page, 'confusion');
    expect(await expectProved(page, 'confusion')).toMatch(
      /→ 401 TOKEN_ALG_NOT_ALLOWED: alg HS256 with kid es256-[\w-]+, an ES256 key \(the (token exchange #\d+ issued|JWKS of exchange #\d+)\)/,
    );
    await expectSolved(page, 'tampering');
    expect(await page.getByTestId('lab-tampering').getByRole('alert').count()).toBe(0);

    // Reset signs out and puts the algorithm back; the checks start from nothing.
    await resetLab(page);
    await expect.poll(() => isProved(page, 'confusion')).toBe(false);
    await expect.poll(() => page.getByTestId('token-panel').getAttribute('data-state')).toBe('signed-out');
    expect(await tokenAlgorithm()).toBe('HS256');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lab 11: the cookie and the token measured on real requests, and the token growing with its claims', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    await payloadSizeLab(page, DEFAULT_SESSION_COOKIE_NAME);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
