import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_STORES, keyRow, openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { seriousViolations } from './axe.ts';

async function login(page: Page): Promise<string> {
  await page.getByTestId('cookie-demo-alice').click();
  await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
  await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
  return (await page.context().cookies()).find((cookie) => cookie.name === 'sl_session')!.value;
}

describe.runIf(hasChromium()).each(E2E_STORES)('encryption at rest in the key detail, in Chromium on %s', (store) => {
  const e2e = useE2eApp(store);

  it('turns encryption on from a session key, shows ciphertext beside what the server sees, and a flipped byte signs the browser out with 401 SESSION_UNREADABLE', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1280, height: 720 } });
    const plainSid = await login(page);
    await page.getByTestId('key-view-flat').click();
    await keyRow(page, `sl:sess:${plainSid}`)
      .getByRole('button', { name: `sl:sess:${plainSid}` })
      .click();
    // Off at launch: the record is plain, and the switch says so where the learner is looking.
    await expect.poll(() => page.getByTestId('key-value').textContent()).toContain('"uid"');
    expect(await page.getByTestId('encryption-switch').isChecked()).toBe(false);
    await page.getByTestId('encryption-switch').click();
    await expect.poll(() => page.getByTestId('encryption-switch').isChecked()).toBe(true);
    await expect
      .poll(() => page.getByTestId('encryption-words').textContent())
      .toMatch(/On: every session write is encrypted with key k1/);
    expect(await page.getByTestId('encryption-words').textContent()).toMatch(/This record stays plain until/);
    await shot(page, `session-encryption-1-switch-${store}`);

    // A new login writes an encrypted record.
    await page.getByTestId('cookie-logout').click();
    const sid = await login(page);
    const key = `sl:sess:${sid}`;
    await keyRow(page, key).getByRole('button', { name: key }).click();
    await page.getByTestId('encrypted-value').waitFor();
    const ciphertext = (await page.getByTestId('key-value').textContent())!;
    expect(ciphertext).toContain('"enc": "A256GCM"');
    expect(ciphertext).not.toContain('uid');
    expect(ciphertext).toBe(JSON.stringify(JSON.parse((await e2e.app.server.store.get(key))!), null, 2));
    expect(await page.getByTestId('server-sees').textContent()).toContain('"uid"');
    expect(await page.getByText('What the server sees').count()).toBe(1);
    await shot(page, `session-encryption-2-detail-${store}`);
    // A deleted key fades before it leaves the table (faded on purpose): axe reads the page once it has.
    await expect.poll(() => page.locator('[data-testid="key-row"][data-gone]').count(), { timeout: 10_000 }).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('tamper').click();
    await expect
      .poll(() => page.getByTestId('tamper-result').textContent())
      .toMatch(/^Byte \d+ of the ciphertext changed/);
    await expect.poll(() => page.getByTestId('server-sees-error').textContent()).toContain('SESSION_UNREADABLE');
    expect(await e2e.app.server.store.pttl(key)).toBeGreaterThan(0);
    // The next request with the cookie is refused with its own code; the panel says why in words first.
    await page.getByRole('button', { name: 'GET /session/me' }).click();
    await expect
      .poll(() => page.getByTestId('cookie-signed-out-reason').textContent())
      .toMatch(/could not decrypt the session record.*SESSION_UNREADABLE/);
    // The record stays to its TTL, never trusted, and the key detail keeps saying why.
    expect(await e2e.app.server.store.exists(key)).toBe(true);
    expect(await page.getByTestId('tamper-result').textContent()).toMatch(/^Byte \d+/);
    await shot(page, `session-encryption-3-tampered-${store}`);
    await expect.poll(() => page.locator('[data-testid="key-row"][data-gone]').count(), { timeout: 10_000 }).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
