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
    await expect.poll(() => page.getByTestId('key-value').textContent()).toContain('"u"');
    expect(await page.getByTestId('encryption-switch').isChecked()).toBe(false);
    await page.getByTestId('encryption-switch').click();
    await expect.poll(() => page.getByTestId('encryption-switch').isChecked()).toBe(true);
    await expect
      .poll(() => page.getByTestId('encryption-words').textContent())
      .toMatch(/On: every session write is encrypted with key k1/);
    // The words name when the record is written again (a renewal at most every --session-touch), and offer to do it now.
    expect(await page.getByTestId('encryption-words').textContent()).toMatch(
      /This record stays plain until its session is written again: at a new login, or when a request renews it, which happens at most once every \d+ s \(--session-touch\)/,
    );
    await shot(page, `session-encryption-1-switch-${store}`);

    // "Encrypt this record now": the same session, sealed at once; the SET that did it shows in the command log.
    const key = `sl:sess:${plainSid}`;
    await page.getByTestId('seal-record').click();
    await page.getByTestId('encrypted-value').waitFor();
    await expect
      .poll(() => page.getByTestId('seal-result').textContent())
      .toMatch(/^Encrypted now with key k1: one SET … KEEPTTL XX rewrote the record \(see the command log\)/);
    await expect
      .poll(() => page.getByTestId('command-log').getByTestId('command').allTextContents())
      .toContainEqual(expect.stringMatching(new RegExp(`SET\\s*"?${key}"?.*KEEPTTL`, 's')));
    const ciphertext = (await page.getByTestId('key-value').textContent())!;
    expect(ciphertext).toContain('"enc": "A256GCM"');
    expect(ciphertext).not.toContain('"ua"');
    expect(ciphertext).toBe(JSON.stringify(JSON.parse((await e2e.app.server.store.get(key))!), null, 2));
    expect(await page.getByTestId('server-sees').textContent()).toContain('"u"');
    expect(await page.getByText('What the server sees').count()).toBe(1);
    // Still signed in: sealing changed how the record is stored, not the session.
    expect(await page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    expect(await page.getByTestId('seal-record').count()).toBe(0);
    await shot(page, `session-encryption-2-detail-${store}`);
    await expect.poll(() => page.locator('[data-testid="key-row"][data-gone]').count(), { timeout: 10_000 }).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('tamper').click();
    await expect
      .poll(() => page.getByTestId('tamper-result').textContent())
      .toMatch(/^Byte \d+ of the ciphertext \(marked in it above\) changed/);
    await expect.poll(() => page.getByTestId('server-sees-error').textContent()).toContain('SESSION_UNREADABLE');
    // The changed byte is findable: marked in the ciphertext as the store holds it.
    await expect.poll(() => page.getByTestId('flipped-byte').count()).toBe(1);
    expect(await page.getByTestId('flipped-byte').textContent()).toMatch(/^[A-Za-z0-9_-]{2}$/);
    expect(await page.getByTestId('flipped-byte').getAttribute('title')).toMatch(
      /^Byte \d+ of the ciphertext: [0-9a-f]{2} → [0-9a-f]{2}$/,
    );
    expect(await e2e.app.server.store.pttl(key)).toBeGreaterThan(0);
    // Without any other click, the cookie panel has asked again: it shows the 401 in words first.
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
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
