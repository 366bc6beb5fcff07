import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_STORES, openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { seriousViolations } from './axe.ts';

const group = (page: Page, prefix: string) => page.locator(`[data-testid="tree-group"][data-prefix="${prefix}"]`);
const countOf = (page: Page, prefix: string) =>
  group(page, prefix).locator(':scope > .tree-row [data-testid="tree-count"]').textContent();
const focusedPrefix = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-prefix') ?? null);

describe.runIf(hasChromium()).each(E2E_STORES)('the key tree in Chromium on %s', (store) => {
  const e2e = useE2eApp(store);

  it('groups the keys with counts and sizes, opens a group by keyboard, follows a logout live, and switches to flat and back', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    const sid = (await page.context().cookies()).find((cookie) => cookie.name === 'sl_session')!.value;

    await page.getByTestId('key-view-tree').click();
    await expect.poll(() => countOf(page, 'sl:sess:')).toBe('1 key');
    expect(await countOf(page, 'sl:user_sessions:')).toBe('1 key');
    expect(await group(page, 'sl:sess:').textContent()).toContain('cookie sessions');
    expect(await page.getByTestId('tree-summary').textContent()).toMatch(
      store === 'redis' ? /MEMORY USAGE per key/ : /no MEMORY USAGE/,
    );
    // The summary's total is the live one: a key added after the count is in it.
    const total = Number(
      /^(\d+) keys? now: the server counted (\d+)/.exec((await page.getByTestId('tree-summary').textContent())!)![1],
    );
    await e2e.app.server.store.set('sl:demo:extra', 'x', { px: 60_000 });
    await expect
      .poll(async () => /^(\d+) keys? now/.exec((await page.getByTestId('tree-summary').textContent())!)?.[1])
      .toBe(String(total + 1));

    // The keyboard: one tab stop, Down to the group, Right opens it, Right again onto its key, Enter shows the key.
    await page.getByTestId('tree-root').focus();
    for (let i = 0; i < 10 && (await focusedPrefix(page)) !== 'sl:sess:'; i++) await page.keyboard.press('ArrowDown');
    expect(await focusedPrefix(page)).toBe('sl:sess:');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => group(page, 'sl:sess:').getAttribute('aria-expanded')).toBe('true');
    const leaf = page.locator(`[data-testid="tree-key"][data-key="sl:sess:${sid}"]`);
    await leaf.waitFor();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-key'))).toBe(`sl:sess:${sid}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('key-value').textContent()).toContain('"u"');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedPrefix(page)).toBe('sl:sess:');
    await shot(page, `key-tree-1-open-${store}`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // A logout: the session key and its index entry go, and the counts follow before any recount.
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => countOf(page, 'sl:sess:')).toBe('0 keys');
    await leaf.waitFor({ state: 'detached' });
    // The ZREM took the index's last member, so the index is gone too: the event cannot say so, the server's next
    // count (asked for after it) does, and the group leaves the tree.
    await expect.poll(() => group(page, 'sl:user_sessions:').count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await expect.poll(() => countOf(page, 'sl:sess:')).toBe('1 key');
    await expect.poll(() => page.locator('[data-testid="tree-key"]').count()).toBe(1);

    // Flat, remembered over a reload, and back.
    await page.getByTestId('key-view-flat').click();
    await page.locator('[data-testid="key-row"]').first().waitFor();
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await page.locator('[data-testid="key-row"]').first().waitFor();
    expect(await page.getByTestId('key-view-flat').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('key-view-tree').click();
    await expect.poll(() => countOf(page, 'sl:sess:')).toBe('1 key');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
