import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { launchChromium } from '../support/chromium.ts';
import { openApp, shot, startE2eApp, useE2eApp } from '../support/e2e.ts';
import { hasChromium, REDIS_SERVER_BIN } from '../support/requirements.ts';

/** The labs the Labs tab lists (renderer/src/labs/labs.ts; imported there with their .tsx panels, which this tsconfig does not compile). */
const LAB_COUNT = 18;

async function signInBoth(page: Page): Promise<void> {
  await page.getByTestId('cookie-demo-alice').click();
  await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
  await page.getByTestId('token-demo-bob').click();
  await page.getByRole('button', { name: 'Log in (get a token)' }).click();
  await page.getByTestId('stored-token').waitFor();
  await page.getByTestId('token-fetch').click();
  await page.getByTestId('token-data').waitFor();
}

/** Whether an element is on screen, whole and at least 40 px tall (not squeezed to a sliver). */
async function inView(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).first().boundingBox();
  const viewport = page.viewportSize()!;
  return (
    box !== null &&
    box.height >= 20 &&
    box.y >= 0 &&
    box.x >= 0 &&
    box.y + Math.min(box.height, 40) <= viewport.height &&
    box.x + box.width <= viewport.width
  );
}

/** Whether `inner` is whole inside the visible box of `outer` (a scrolling area) and inside the viewport. */
async function shownWithin(page: Page, inner: Locator, outer: Locator): Promise<boolean> {
  const [box, area] = [await inner.boundingBox(), await outer.boundingBox()];
  const viewport = page.viewportSize()!;
  return (
    box !== null &&
    area !== null &&
    box.y >= area.y - 1 &&
    box.y + box.height <= Math.min(area.y + area.height, viewport.height) + 1 &&
    box.x >= area.x - 1 &&
    box.x + box.width <= Math.min(area.x + area.width, viewport.width) + 1
  );
}

/**
 * Opens the cookie session's key and checks its detail is usable without scrolling: its value box is a few lines tall
 * and whole, the encryption switch below it is in view, and the command log beside it still shows its last entry. In a
 * short window the panels give it their height while it is open, and get it back when it closes.
 */
async function checkKeyDetail(page: Page, short: boolean, name: string): Promise<void> {
  await page.getByTestId('key-view-flat').click();
  await page.locator('[data-testid="key-row"][data-key^="sl:sess:"]').first().locator('.key-name').click();
  const detail = page.getByTestId('key-detail');
  await detail.getByTestId('key-value').waitFor();
  await shot(page, name);
  expect((await detail.getByTestId('key-value').boundingBox())!.height).toBeGreaterThanOrEqual(60);
  expect(await shownWithin(page, detail.getByTestId('key-value'), detail), 'value').toBe(true);
  // In a short window the panels give their height, and the switch under the value shows too.
  if (short) expect(await shownWithin(page, detail.getByTestId('encryption-switch'), detail), 'switch').toBe(true);
  // The chosen row stays in the list's few rows, and the command log beside still shows the first line of its last entry.
  const row = page.locator('[data-testid="key-row"].selected');
  expect(await shownWithin(page, row, page.locator('.key-table .scroll')), 'selected row').toBe(true);
  const [entry, log] = [
    await page.getByTestId('command-log').getByTestId('command').first().boundingBox(),
    await page.getByTestId('command-log').boundingBox(),
  ];
  expect(entry!.y >= log!.y && entry!.y + 20 <= log!.y + log!.height, 'command log').toBe(true);
  const splitter = page.getByRole('separator');
  expect(await splitter.getAttribute('aria-valuenow')).toBe(short ? '20' : '50');
  expect(await page.getByTestId('room-note').count()).toBe(short ? 1 : 0);
  expect(await seriousViolations(page), 'key detail').toEqual([]);
  await page.getByRole('button', { name: 'Close the key detail' }).click();
  expect(await splitter.getAttribute('aria-valuenow')).toBe('50');
  expect(await page.getByTestId('room-note').count()).toBe(0);
}

/** Every lab is findable in the list: the last is in view, or a cue under the list says more are below and pages on. */
async function checkLabList(page: Page): Promise<void> {
  const list = page.getByRole('navigation', { name: 'Labs' });
  const items = list.getByRole('listitem');
  expect(await items.count()).toBe(LAB_COUNT);
  const scroller = list.locator('ol');
  const last = items.last();
  if (await shownWithin(page, last, scroller)) {
    expect(await page.getByTestId('labs-more').count()).toBe(0);
    return;
  }
  const more = page.getByTestId('labs-more');
  expect(await shownWithin(page, more, list)).toBe(true);
  expect(await more.textContent()).toMatch(/^\d+ more labs? below ↓$/);
  // By keyboard: Enter on the cue pages the list until the last lab shows; the cue then points back up.
  for (let pages = 0; pages < LAB_COUNT && !(await shownWithin(page, last, scroller)); pages += 1) {
    await more.focus();
    await page.keyboard.press('Enter');
  }
  expect(await shownWithin(page, last, scroller)).toBe(true);
  // The cue's words follow the list's scroll event, a frame after the scroll itself.
  await expect.poll(() => more.textContent()).toMatch(/more labs? above ↑$/);
  expect(await seriousViolations(page), 'lab list paged').toEqual([]);
  await more.click();
}

describe.runIf(hasChromium())('layout, themes, keyboard and accessibility in Chromium', () => {
  const e2e = useE2eApp('sqlite');

  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`fits ${width}×${height} in the ${scheme} theme the OS asks for, with no serious or critical axe violation in any tab`, async () => {
        const { page, errors } = await openApp(e2e.browser, e2e.app.url, {
          viewport: { width, height },
          colorScheme: scheme,
        });
        expect(await seriousViolations(page)).toEqual([]);
        await signInBoth(page);
        // A deleted key's row fades out for 1.5 s, then leaves: the check is of the settled window, not of a fade's frame.
        await page.waitForFunction(() => document.querySelector('[data-gone]') === null);
        // The window never scrolls as a whole: each area scrolls inside itself.
        expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
        expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
          scheme === 'dark' ? 'rgb(20, 20, 24)' : 'rgb(244, 244, 246)',
        );
        await shot(page, `layout-${width}x${height}-${scheme}-inspector`);
        expect(await seriousViolations(page)).toEqual([]);
        await checkKeyDetail(page, height <= 920, `layout-${width}x${height}-${scheme}-key-detail`);
        for (const tab of ['Sequence diagram', 'Cookies', 'JWT debugger', 'Sessions vs JWT', 'Labs']) {
          await page.getByRole('tab', { name: tab }).click();
          if (tab === 'JWT debugger') await page.getByTestId('jwt-use-current').click();
          await shot(page, `layout-${width}x${height}-${scheme}-${tab.replaceAll(' ', '-').toLowerCase()}`);
          expect(await seriousViolations(page), tab).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
        }
        await checkLabList(page);
        // A lab and the live store it changes are in view together, and so is the whole list of labs.
        await page.getByTestId('lab-link-where-state-lives').click();
        await page.getByTestId('lab-step-cookie-login').getByTestId('lab-step-button').click();
        await page.getByTestId('lab-live-key').first().waitFor();
        for (const area of ['lab-step-cookie-login', 'lab-live-store', 'lab-link-load'])
          expect(await inView(page, area), area).toBe(true);
        // Hiding the two panels gives the lab their height; both stay in view.
        const tall = (await page.getByTestId('lab-where-state-lives').boundingBox())!.height;
        await page.getByTestId('panels-toggle').click();
        await page.getByTestId('panels-strip').waitFor();
        expect((await page.getByTestId('lab-where-state-lives').boundingBox())!.height).toBeGreaterThan(tall + 100);
        expect(await inView(page, 'lab-live-store')).toBe(true);
        await shot(page, `layout-${width}x${height}-${scheme}-lab-beside-store`);
        expect(await seriousViolations(page), 'panels hidden').toEqual([]);
        await page.getByTestId('panels-toggle').click();
        await page.getByTestId('cookie-panel').waitFor();
        expect(errors).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('at 1280×720 with the panels shown, an encrypted session key shows its ciphertext, what the server sees and "Flip one byte" without scrolling', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1280, height: 720 } });
    const login = async () => {
      await page.getByTestId('cookie-demo-alice').click();
      await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
      await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
      return (await page.context().cookies()).find((cookie) => cookie.name === 'sl_session')!.value;
    };
    const open = async (sid: string) => {
      await page.locator(`[data-testid="key-row"][data-key="sl:sess:${sid}"] .key-name`).click();
      await page.getByTestId('key-value').waitFor();
    };
    await page.getByTestId('key-view-flat').click();
    await open(await login());
    await page.getByTestId('encryption-switch').click();
    await expect.poll(() => page.getByTestId('encryption-switch').isChecked()).toBe(true);
    try {
      await page.getByTestId('cookie-logout').click();
      await open(await login());
      const detail = page.getByTestId('key-detail');
      await detail.getByTestId('encrypted-value').waitFor();
      for (const part of ['key-value', 'server-sees', 'tamper'])
        expect(await shownWithin(page, detail.getByTestId(part), detail), part).toBe(true);
      expect((await detail.getByTestId('server-sees').boundingBox())!.height).toBeGreaterThanOrEqual(60);
      await shot(page, 'layout-1280x720-encrypted-key-detail');
    } finally {
      await page.getByTestId('encryption-switch').click();
      await expect.poll(() => page.getByTestId('encryption-switch').isChecked()).toBe(false);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the theme toggle overrides the OS and is remembered', async () => {
    const { page } = await openApp(e2e.browser, e2e.app.url, { colorScheme: 'light' });
    await page.getByLabel('Theme').selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 20, 24)');
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 20, 24)');
    await page.getByLabel('Theme').selectOption('system');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(244, 244, 246)');
    await page.context().close();
  });

  it('works from the keyboard: a visible focus, tabs with arrow keys, the splitter with arrow keys, login with Enter', async () => {
    const { page } = await openApp(e2e.browser, e2e.app.url);
    await page.getByTestId('cookie-demo-alice').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cookie-demo-bob');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await page.getByLabel('Password').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');

    const splitter = page.getByRole('separator');
    // The splitter has a handle a hand can find: a grip in the middle of the bar.
    expect(
      await splitter.evaluate((bar) => {
        const grip = getComputedStyle(bar, '::after');
        return [grip.width, grip.height, grip.borderTopStyle];
      }),
    ).toEqual(['48px', '10px', 'solid']);
    await splitter.focus();
    const before = Number(await splitter.getAttribute('aria-valuenow'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(before + 4);
    await page.keyboard.press('Home');
    expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(20);

    await page.getByRole('tab', { name: 'Inspector' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Sequence diagram' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sequence diagram');
    await page.keyboard.press('End');
    expect(await page.getByRole('tab', { name: 'Labs' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tab', { name: 'Sessions vs JWT' }).getAttribute('aria-selected')).toBe('true');
    await page.context().close();
  });

  it('says so when the server stops answering', async () => {
    const own = await startE2eApp('sqlite');
    const { page } = await openApp(e2e.browser, own.url);
    await own.close();
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 12_000 })
      .toMatch(/does not answer/);
    await shot(page, 'layout-server-down');
    await page.context().close();
  });
});

describe.runIf(hasChromium() && REDIS_SERVER_BIN !== null)('a Redis outage in Chromium', () => {
  it('the banner shows the outage as it happens and the recovery, and the session survives it', async () => {
    const app = await startE2eApp('redis', { storeTimeoutMs: 500 }, { persistent: true });
    const browser = await launchChromium();
    try {
      const { page } = await openApp(browser, app.url);
      await page.getByTestId('cookie-demo-alice').click();
      await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
      await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
      expect(await page.getByTestId('store-kind').textContent()).toBe('Redis');
      // Killed (SIGKILL), then started again from its append-only file.
      await app.redis!.kill();
      await expect
        .poll(() => page.getByTestId('store-state').textContent(), { timeout: 5_000 })
        .toMatch(/^unreachable/);
      await page.getByRole('button', { name: 'GET /session/me' }).click();
      await expect.poll(() => page.getByTestId('cookie-error').textContent()).toContain('STORE_UNAVAILABLE');
      expect(await page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
      await shot(page, 'redis-outage-1-down');
      await app.redis!.restart();
      await expect.poll(() => page.getByTestId('store-state').textContent(), { timeout: 10_000 }).toBe('connected');
      await page.getByRole('button', { name: 'GET /session/me' }).click();
      await expect.poll(() => page.getByTestId('cookie-error').count()).toBe(0);
      expect(await page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
      expect(await page.locator('.banner').textContent()).toContain('recovered at');
      await shot(page, 'redis-outage-2-recovered');
    } finally {
      await browser.close();
      await app.close();
    }
  }, 60_000);
});
