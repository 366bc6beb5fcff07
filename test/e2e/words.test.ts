import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';

async function cookieLogin(page: Page, user: string): Promise<string> {
  await page.getByTestId(`cookie-demo-${user}`).click();
  await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
  await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
  return `sl:sess:${(await page.context().cookies()).find((cookie) => cookie.name === 'sl_session')!.value}`;
}

/** axe on the settled window: a deleted key's row fades for 1.5 s (a fade's frame is not what a learner reads). */
async function settledViolations(page: Page): Promise<string[]> {
  await page.waitForFunction(() => document.querySelector('[data-gone]') === null);
  return seriousViolations(page);
}

/** The text of the tip on screen, or null when none shows. */
async function tipText(page: Page): Promise<string | null> {
  const tip = page.getByTestId('gloss-tip');
  return (await tip.count()) && (await tip.isVisible()) ? tip.textContent() : null;
}

describe.runIf(hasChromium())('words a learner understands, in Chromium', () => {
  const e2e = useE2eApp('sqlite');

  it('opens Start here on first run, pointing at each area in turn and moving on when a login is done; skipped, it stays so after a reload; the header opens it again', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1280, height: 720 } });
    const guide = page.getByTestId('start-here');
    await guide.waitFor();
    expect(await guide.textContent()).toContain('1 of 4');
    // It points at the cookie panel and covers nothing: the panel's login still takes a click.
    expect(await page.getByTestId('cookie-panel').getAttribute('class')).toContain('start-here-target');
    expect(await seriousViolations(page)).toEqual([]);
    // Doing what the step asks moves the guide on by itself, and it says so.
    await cookieLogin(page, 'alice');
    await expect.poll(() => guide.textContent()).toContain('2 of 4');
    expect(await page.getByTestId('start-here-done').textContent()).toBe('✓ Cookie login done.');
    await shot(page, 'start-here-moved-on-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, 'start-here-moved-on-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await page.getByTestId('token-panel').getAttribute('class')).toContain('start-here-target');
    expect(await page.getByTestId('cookie-panel').getAttribute('class')).not.toContain('start-here-target');
    // Back still shows a step done before (it does not jump forward again).
    await guide.getByRole('button', { name: 'Back' }).click();
    expect(await guide.textContent()).toContain('1 of 4');
    expect(await page.getByTestId('start-here-done').count()).toBe(0);
    await page.getByTestId('start-here-next').click();
    await page.getByTestId('start-here-next').click();
    expect(await page.getByRole('tab', { name: 'Inspector' }).getAttribute('class')).toContain('start-here-target');
    await page.getByTestId('start-here-skip').click();
    await guide.waitFor({ state: 'detached' });
    expect(await page.locator('.start-here-target').count()).toBe(0);
    // The keyboard is handed back to the header's button, not lost.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('start-here-open');

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect(await guide.count()).toBe(0);
    await page.getByTestId('start-here-open').click();
    await guide.waitFor();
    // Opened again while the cookie session lives, it starts at the first step not done yet.
    await expect.poll(() => guide.textContent()).toContain('2 of 4');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('start-here');
    // Finished with Done, it is closed again, and stays so.
    for (let i = 0; i < 2; i++) await page.getByTestId('start-here-next').click();
    expect(await page.getByTestId('start-here-next').textContent()).toBe('Done');
    await page.getByTestId('start-here-next').click();
    await guide.waitFor({ state: 'detached' });
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect(await guide.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('glosses the command log on hover and on keyboard focus, and shows the key detail as a table', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    const key = await cookieLogin(page, 'alice');
    const set = page.locator('[data-testid="command"][data-kind="write"]').filter({ hasText: `SET ${key}` });
    await set.waitFor();
    // The line reads as before; its words are glossed in place.
    expect(await set.textContent()).toContain(`SET ${key} '{`);

    // Hover: the tip says what PX is and what it sets here; it goes when the pointer leaves.
    await set.getByRole('button', { name: 'PX', exact: true }).hover();
    await expect.poll(() => tipText(page)).toMatch(/^PX — the time to live that follows, in milliseconds/);
    expect(await tipText(page)).toContain('Here: 30 min 0 s.');
    await shot(page, 'words-gloss-hover');
    await page.mouse.move(5, 5);
    await expect.poll(() => tipText(page)).toBeNull();

    // Keyboard: the command word is a stop of its own (Shift+Tab from the key's link); its definition is its
    // accessible description, and the tip shows; Escape hides it.
    await set.getByRole('button', { name: key, exact: true }).focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-term'))).toBe('SET');
    await expect.poll(() => tipText(page)).toMatch(/^SET — write a string value under a key/);
    const description = await page.evaluate(() => {
      const ids = document.activeElement?.getAttribute('aria-describedby') ?? '';
      return ids
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent)
        .join(' ');
    });
    expect(description).toMatch(/^write a string value under a key/);
    expect(await settledViolations(page)).toEqual([]);
    expect(await tipText(page)).not.toBeNull();
    await page.keyboard.press('Escape');
    await expect.poll(() => tipText(page)).toBeNull();

    // The key detail: what the key means as a table, dates as clock time and relative time, the JSON folded.
    await set.getByRole('button', { name: key, exact: true }).click();
    const meaning = page.getByTestId('key-meaning');
    await meaning.waitFor();
    const row = (field: string) => meaning.locator(`tr[data-field="${field}"]`);
    expect(await row('kind').textContent()).toContain('a cookie session');
    expect(await row('user').textContent()).toContain('alice (user id');
    expect(await row('state').textContent()).toContain('signed in');
    expect(await row('idleExpiresAt').textContent()).toMatch(/Idle expiry.*\(in (29|30) min\)/);
    expect(await row('created').textContent()).toMatch(/\((\d+ s ago|now)\)/);
    expect(await page.getByTestId('key-meaning-json').isVisible()).toBe(false);
    await page.getByText('The same as JSON, as the server decoded it').click();
    expect(await page.getByTestId('key-meaning-json').textContent()).toContain('"idleExpiresAt"');
    // The commands that read it are glossed too.
    expect(
      await page
        .getByTestId('key-detail')
        .getByRole('button', { name: 'PTTL', exact: true })
        .getAttribute('aria-describedby'),
    ).toBe('gloss-PTTL');
    await meaning.scrollIntoViewIfNeeded();
    await shot(page, 'words-key-meaning');
    expect(await settledViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps words whole in a narrow command log ("opened." never breaks as "opene d."), while a long key still wraps', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1024, height: 700 } });
    const empty = page.getByTestId('command-log').locator('li').first();
    expect(await empty.textContent()).toContain('since this page opened.');
    // The column is as narrow as the lab's compact inspector makes it, at many widths: the sentence wraps
    // between words at every one (break-all split it inside the word at several).
    const broken = await empty.evaluate((li) => {
      const log = li.closest('ol')!;
      const text = li.firstChild!;
      const at = text.textContent!.indexOf('opened.');
      const splitAt: number[] = [];
      for (let width = 120; width <= 320; width += 5) {
        log.style.width = `${width}px`;
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + 'opened.'.length);
        if (new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1) splitAt.push(width);
      }
      log.style.width = '';
      return splitAt;
    });
    expect(broken).toEqual([]);
    await cookieLogin(page, 'bob');
    const line = page.locator('[data-testid="command"][data-kind="write"]').first();
    await line.waitFor();
    // A key or a JSON value longer than the column still breaks to fit it.
    expect(
      await line.evaluate((li) => {
        li.closest('ol')!.style.width = '160px';
        return li.scrollWidth <= li.clientWidth;
      }),
    ).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says what the fields of a token mean in the JWT debugger, and glosses HMAC there', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await page.getByTestId('token-demo-bob').click();
    await page.getByRole('button', { name: 'Log in (get a token)' }).click();
    await page.getByTestId('stored-token').waitFor();
    await page.getByRole('tab', { name: 'JWT debugger' }).click();
    await page.getByTestId('jwt-use-current').click();
    const words = page.getByTestId('jwt-field-words');
    await words.locator('summary').click();
    expect(await words.textContent()).toContain('JWT id: this token’s own id');
    expect(await words.textContent()).toMatch(/expires: not valid after: .+\(in (14|15) min\)/);
    expect(await words.textContent()).toContain('the user’s role when the token was made');
    await page.getByRole('button', { name: 'HMAC', exact: true }).focus();
    await expect.poll(() => tipText(page)).toMatch(/^HMAC — a signature made with a shared secret/);
    expect(await settledViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
