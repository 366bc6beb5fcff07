import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';

async function openDebuggerWithToken(page: Page): Promise<void> {
  await page.getByTestId('token-demo-alice').click();
  await page.getByRole('button', { name: 'Log in (get a token)' }).click();
  await page.getByTestId('stored-token').waitFor();
  await page.getByRole('tab', { name: 'JWT debugger' }).click();
  await page.getByTestId('jwt-use-current').click();
}

describe.runIf(hasChromium())('the JWT debugger in Chromium', () => {
  const e2e = useE2eApp('sqlite');

  it('accepts the real token, and refuses it with its code once the role is changed or alg is none, both in /jwt/inspect and a real protected call', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await openDebuggerWithToken(page);
    await page.getByTestId('jwt-inspect').click();
    await expect.poll(() => page.getByTestId('jwt-verdict').textContent()).toMatch(/accepted/i);
    await page.getByTestId('jwt-send').click();
    await expect.poll(() => page.getByTestId('jwt-send-result').textContent()).toContain('200');

    await page.getByTestId('jwt-make-admin').click();
    expect(await page.getByTestId('jwt-payload-json').inputValue()).toContain('"role": "admin"');
    await page.getByTestId('jwt-inspect').click();
    await expect.poll(() => page.getByTestId('jwt-verdict-code').textContent()).toBe('TOKEN_SIGNATURE_INVALID');
    await page.getByTestId('jwt-send').click();
    await expect.poll(() => page.getByTestId('jwt-send-code').textContent()).toBe('TOKEN_SIGNATURE_INVALID');
    expect(await page.getByTestId('jwt-send-result').textContent()).toContain('401');
    await shot(page, 'jwt-debugger-1-role-tampered');

    await page.getByTestId('jwt-alg-none').click();
    expect(await page.getByTestId('jwt-tampered').textContent()).toMatch(/\.$/);
    await page.getByTestId('jwt-inspect').click();
    await expect.poll(() => page.getByTestId('jwt-verdict-code').textContent()).toBe('TOKEN_ALG_NOT_ALLOWED');
    expect(await page.getByTestId('jwt-reasons').textContent()).toContain('TOKEN_ALG_NOT_ALLOWED');
    await page.getByTestId('jwt-send').click();
    await expect.poll(() => page.getByTestId('jwt-send-code').textContent()).toBe('TOKEN_ALG_NOT_ALLOWED');
    await shot(page, 'jwt-debugger-2-alg-none');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows a clear error for text that is not a token', async () => {
    const { page } = await openApp(e2e.browser, e2e.app.url);
    await page.getByRole('tab', { name: 'JWT debugger' }).click();
    await page.getByTestId('jwt-input').fill('not.a-token');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/3 segments/);
    await page.context().close();
  });
});
