import { describe, expect, it } from 'vitest';
import { storeTimeSplit } from '../../renderer/src/inspector/store-time-words.ts';
import { E2E_STORES, openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { openSse, type ReceivedEvent } from '../support/sse-client.ts';
import { waitFor } from '../support/wait-for.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';
import { seriousViolations } from './axe.ts';

describe.runIf(hasChromium()).each(E2E_STORES)('the cookie table and where the time goes, on %s', (store) => {
  const e2e = useE2eApp(store);

  it("lists the session cookie as DevTools does (HttpOnly: not in document.cookie), struck through after logout; an exchange's waterfall says the event's figures", async () => {
    const { server } = e2e.app;
    const stream = await openSse(`${server.url}/api/v1/inspector/events?labKey=${server.labKey}`);
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1280, height: 720 } });
    await expect.poll(() => page.getByTestId('stream-state').textContent()).toBe('live');
    await page.getByTestId('cookie-demo-alice').click();
    await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await page.getByRole('button', { name: 'GET /session/me' }).click();
    const sid = (await page.context().cookies()).find((cookie) => cookie.name === 'sl_session')!.value;

    await page.getByRole('tab', { name: 'Cookies' }).click();
    const row = (name: string) => page.locator(`[data-testid="cookie-row"][data-name="${name}"]`);
    const session = row('sl_session');
    await session.waitFor();
    // The whole value is in the cell (shown on hover and focus); the table's words come from the Set-Cookie header.
    expect(await session.getByTestId('cookie-value').textContent()).toContain(sid);
    const cells = await session.locator('td').allTextContents();
    expect(cells[1]).toBe('/');
    // Without Remember me: a browser-session cookie, with no Expires or Max-Age.
    expect(cells[2]).toBe('sessionuntil the browser closes');
    expect(cells[3]).toBe(String('sl_session'.length + sid.length));
    expect(cells.slice(4, 7)).toEqual(['✓ yes', 'no', 'Lax']);
    expect(cells[7]).toMatch(/#\d+ POST \/api\/v1\/session\/login$/);
    expect(cells[8]).toBe('no: HttpOnly, not visible to scripts');
    expect(await row('sl_session.sig').textContent()).toContain('signature of sl_session');
    expect(await page.getByTestId('cookies-document-cookie').textContent()).not.toContain('sl_session');
    expect(await page.evaluate(() => document.cookie)).not.toContain('sl_session');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, `cookies-${store}-signed-in`);

    // The row's exchange opens in the Inspector, with where its time went.
    await session.getByRole('button', { name: /Open exchange #\d+/ }).click();
    await page.getByTestId('exchange-detail').waitFor();
    expect(await page.getByTestId('exchange-detail').locator('h3').textContent()).toContain(
      'POST /api/v1/session/login',
    );

    // The session check: the same sentence the event's figures make, one read of the store.
    await page
      .getByTestId('exchange-row')
      .filter({ hasText: 'GET /api/v1/session/me' })
      .first()
      .getByRole('button')
      .click();
    // The newest session check (the one after the login): its figures as the stream sent them.
    const heading = await page.getByTestId('exchange-detail').locator('h3').textContent();
    expect(heading).toContain('GET /api/v1/session/me');
    const id = Number(/#(\d+)/.exec(heading!)![1]);
    const me = await waitFor('the session check event', () =>
      stream.events.find((event: ReceivedEvent) => event.type === 'http' && event.data.id === id),
    );
    const split = storeTimeSplit(me.data as unknown as HttpEvent)!;
    expect((me.data as unknown as HttpEvent).storeTime).toMatchObject({ commands: 1, reads: 1, writes: 0 });
    expect(split.storeMs).toBeGreaterThan(0);
    const text = await page.getByTestId('store-waterfall-text').textContent();
    expect(text).toContain(split.sentence);
    expect(text).toContain('waiting for the store (1 command, a read)');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, `time-${store}-session-check`);

    await page.getByTestId('cookie-logout').click();
    await page.getByRole('tab', { name: 'Cookies' }).click();
    await expect.poll(() => session.getAttribute('data-gone')).toBe('deleted');
    expect(await row('sl_session.sig').getAttribute('data-gone')).toBe('deleted');
    expect(
      await session.locator('th .cookie-struck').evaluate((name) => getComputedStyle(name).textDecorationLine),
    ).toBe('line-through');
    expect(await session.locator('td').nth(7).textContent()).toMatch(/POST \/api\/v1\/session\/logout$/);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, `cookies-${store}-logged-out`);
    expect(errors).toEqual([]);
    stream.close();
    await page.context().close();
  });
});
