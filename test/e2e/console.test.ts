import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_STORES, keyRow, openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { seriousViolations } from './axe.ts';

/** Types a line in the console, presses Enter, and answers what the console printed for it. */
async function type(page: Page, line: string): Promise<string> {
  const answers = page.getByTestId('console-answer');
  const before = await answers.count();
  await page.getByTestId('console-input').fill(line);
  await page.getByTestId('console-input').press('Enter');
  await expect.poll(() => answers.count()).toBe(before + 1);
  return (await answers.last().textContent()) ?? '';
}

/** The newest write in the command log. */
const newestWrite = (page: Page) => page.locator('[data-testid="command"][data-kind="write"]').first();

describe.runIf(hasChromium()).each(E2E_STORES)('the redis-cli console in Chromium on %s', (store) => {
  const e2e = useE2eApp(store);

  it('runs SET, GET, PTTL and DEL on the store: answers as redis-cli prints them, the key comes and goes in the key table, the writes show in the command log', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1280, height: 720 } });
    const key = `sl:demo:${store}`;
    // The first-time suggestions go into the prompt on a click, ready to run.
    await page.getByRole('button', { name: 'GET sl:demo:hello' }).click();
    expect(await page.getByTestId('console-input').inputValue()).toBe('GET sl:demo:hello');
    expect(await page.getByTestId('console-input').evaluate((element) => element === document.activeElement)).toBe(
      true,
    );
    expect(await type(page, `SET ${key} "hello world" PX 60000`)).toBe('OK');
    await keyRow(page, key).waitFor();
    await expect.poll(() => newestWrite(page).textContent()).toContain(`SET ${key} 'hello world' PX 60000`);
    expect(await newestWrite(page).textContent()).toContain('typed in the console');

    expect(await type(page, `GET ${key}`)).toBe('"hello world"');
    // The read is in the command log too, as a read, typed in the console.
    await expect
      .poll(() =>
        page
          .locator('[data-testid="command"][data-kind="read"]')
          .filter({ hasText: `GET ${key}` })
          .first()
          .textContent(),
      )
      .toContain('typed in the console');
    const pttl = Number(/^\(integer\) (\d+)$/.exec(await type(page, `PTTL ${key}`))?.[1]);
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    await shot(page, `console-${store}-typed`);

    expect(await type(page, `DEL ${key}`)).toBe('(integer) 1');
    await keyRow(page, key, true).waitFor({ timeout: 2_000 });
    await expect.poll(() => newestWrite(page).textContent()).toContain(`DEL ${key}`);
    expect(await type(page, `GET ${key}`)).toBe('(nil)');
    // Refusals read as redis-cli's, in the error colour's class.
    expect(await type(page, 'FLUSHALL')).toMatch(/^\(error\) ERR FLUSHALL is refused here/);
    expect(await page.getByTestId('console-answer').last().getAttribute('class')).toContain('error');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('recalls earlier lines with ↑ and ↓ from the keyboard alone, and is axe clean in both themes', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    // Reached by Tab like any control: focus the key filter, then tab until the console's input has focus.
    const input = page.getByTestId('console-input');
    await page.getByRole('tab', { name: 'Inspector' }).focus();
    for (let i = 0; i < 40 && !(await input.evaluate((element) => element === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    for (const [index, line] of ['PING', 'DBSIZE', 'TYPE sl:none'].entries()) {
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
      // Each line's answer before the next line is typed (the prompt waits while a command runs).
      await expect.poll(() => page.getByTestId('console-answer').count()).toBe(index + 1);
    }
    await expect.poll(() => page.getByTestId('console-answer').last().textContent()).toBe('none');
    await page.keyboard.type('half-typed');
    await page.keyboard.press('ArrowUp');
    expect(await input.inputValue()).toBe('TYPE sl:none');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await input.inputValue()).toBe('PING');
    await page.keyboard.press('ArrowDown');
    expect(await input.inputValue()).toBe('DBSIZE');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await input.inputValue()).toBe('half-typed');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('console-answer').last().textContent()).toBe('none');
    for (const theme of ['light', 'dark']) {
      await page.getByLabel('Theme').selectOption(theme);
      expect(await seriousViolations(page), theme).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("reads a user's session index, a sorted set scored by login time: ZRANGE in the console, member and time in the key detail", async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1280, height: 720 } });
    await page.getByTestId('cookie-demo-alice').click();
    const before = Date.now();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    const sid = (await page.context().cookies()).find((cookie) => cookie.name === 'sl_session')!.value;
    const indexRow = page.locator('[data-testid="key-row"][data-key^="sl:user_sessions:"]:not([data-gone])').first();
    await indexRow.waitFor({ state: 'attached' });
    const index = (await indexRow.getAttribute('data-key'))!;
    // The login's ZADD, in the command log as a write, scored by its login time.
    await expect
      .poll(() => page.locator('[data-testid="command"][data-kind="write"]').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining(`ZADD ${index} `)]));

    const answer = await type(page, `ZRANGE ${index} 0 -1 WITHSCORES`);
    const pairs = [...answer.matchAll(/^\d+\) "([^"]*)"$/gm)].map((match) => match[1]!);
    const mine = pairs.indexOf(sid);
    expect(mine, answer).toBeGreaterThanOrEqual(0);
    expect(mine % 2).toBe(0);
    const score = Number(pairs[mine + 1]);
    expect(score).toBeGreaterThanOrEqual(before - 1_000);
    expect(score).toBeLessThanOrEqual(Date.now());
    expect(await type(page, `ZSCORE ${index} ${sid}`)).toBe(`"${score}"`);
    expect(await type(page, `TYPE ${index}`)).toBe('zset');

    // The key detail: a row per member, the session's score beside it, and the score read as a time.
    await keyRow(page, index).getByRole('button', { name: index }).click();
    const row = page.locator('[data-testid="zset-member"]', { hasText: sid });
    await row.waitFor();
    expect(await row.textContent()).toContain(String(score));
    expect(await row.textContent()).toMatch(/\((\d+ s|now)( ago)?\)$/);
    expect(await page.getByTestId('zset-words').textContent()).toContain('oldest first');
    expect(await page.getByTestId('key-detail').textContent()).toContain(`ZRANGE ${index} 0 -1 WITHSCORES`);
    await shot(page, `console-${store}-session-index`);
    // A deleted key's row stays 1.5 s, struck through and tinted, before it goes: readable all that time, in both
    // themes (judged while it shows; its words once faded with the row and failed contrast).
    for (const theme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await type(page, 'SET sl:demo:gone x PX 60000');
      await keyRow(page, 'sl:demo:gone').waitFor();
      await type(page, 'DEL sl:demo:gone');
      await page.locator('[data-testid="key-row"][data-key="sl:demo:gone"][data-gone]').waitFor();
      // Judged as it looks at the end of its 1.5 s (its animation held there), not only as it starts.
      await page.evaluate(() => {
        for (const animation of document.getAnimations()) {
          if (!(animation.effect as KeyframeEffect | null)?.target?.matches('tr.row-gone')) continue;
          animation.pause();
          animation.currentTime = 1_400;
        }
      });
      expect(await seriousViolations(page), theme).toEqual([]);
      await shot(page, `console-${store}-gone-row-${theme}`);
      await page.locator('[data-testid="key-row"][data-key="sl:demo:gone"]').waitFor({ state: 'detached' });
    }
    await expect.poll(() => page.locator('[data-testid="key-row"][data-gone]').count(), { timeout: 10_000 }).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
