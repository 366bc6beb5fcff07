import { readFileSync } from 'node:fs';
import validate from 'har-validator';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { keyRow, openApp, shot, useE2eApp, countdownSeconds } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';

async function cookieLogin(page: Page, user: string): Promise<string> {
  await page.getByTestId(`cookie-demo-${user}`).click();
  await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
  await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
  return `sl:sess:${(await page.context().cookies()).find((cookie) => cookie.name === 'sl_session')!.value}`;
}

describe.runIf(hasChromium())('the inspector in Chromium', () => {
  const e2e = useE2eApp('sqlite');

  it('counts a TTL down, shows a key in detail, and deleting it there ends the cookie session (the panel sees it and asks again)', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    const key = await cookieLogin(page, 'alice');
    const ttl = keyRow(page, key).getByTestId('key-ttl');
    await ttl.waitFor();
    const first = countdownSeconds(await ttl.textContent());
    expect(first).toBeGreaterThan(60);
    await expect.poll(async () => countdownSeconds(await ttl.textContent()), { timeout: 3_000 }).toBeLessThan(first);

    await keyRow(page, key).getByRole('button', { name: key }).click();
    await expect.poll(() => page.getByTestId('key-value').textContent()).toContain('"u"');
    expect(await page.getByTestId('key-detail').textContent()).toContain(`GET ${key}`);
    await shot(page, 'inspector-1-key-detail');
    await page.getByTestId('key-delete').click();
    await keyRow(page, key, true).waitFor({ timeout: 1_000 });
    // The command log says who did it (the newest write: the window's own reads may come after it).
    await expect
      .poll(() => page.locator('[data-testid="command"][data-kind="write"]').first().textContent())
      .toContain(`DEL ${key}`);
    expect(await page.locator('[data-testid="command"][data-kind="write"]').first().textContent()).toContain(
      'from the inspector',
    );
    // The panel sees its key go and asks the server again: signed out, with no click, and it says why.
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
    expect(await page.getByTestId('cookie-ended-in-store').textContent()).toMatch(
      /^Signed out by the store: its key was deleted \(from the inspector\)\. The browser still sends the cookie/,
    );
    // The open detail says how and when its key went, keeps its last value readable, and closes in one click.
    expect(await page.getByTestId('key-gone').textContent()).toMatch(
      /^This key no longer exists: it was deleted \(from the inspector\) at /,
    );
    expect(await page.getByTestId('key-gone-value').textContent()).toContain('"u"');
    await shot(page, 'inspector-2-signed-out-by-the-store');
    await page.getByTestId('key-gone-close').click();
    expect(await page.getByTestId('key-detail').count()).toBe(0);
    // A new login is a new session: the note goes.
    await cookieLogin(page, 'alice');
    expect(await page.getByTestId('cookie-ended-in-store').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the cookie panel in step with the store: the key id, a TTL changed in the store, and a key deleted there', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    const key = await cookieLogin(page, 'alice');
    // The id the cookie carries, named as the key names it.
    await expect
      .poll(() => page.getByTestId('cookie-session-key').textContent())
      .toContain(key.slice('sl:sess:'.length));
    const inspector = (path: string, init: RequestInit) =>
      fetch(`${e2e.app.server.url}/api/v1/inspector/keys/${encodeURIComponent(key)}${path}`, {
        ...init,
        headers: { 'X-Lab-Key': e2e.app.server.labKey, 'Content-Type': 'application/json', ...init.headers },
      });
    // A TTL set in the store moves the panel's idle countdown, with no request from the panel.
    expect((await inspector('/expire', { method: 'POST', body: JSON.stringify({ ms: 90_000 }) })).status).toBe(200);
    await expect
      .poll(async () => countdownSeconds(await page.getByTestId('cookie-idle-countdown').textContent()))
      .toBeLessThanOrEqual(90);
    // The key deleted in the store: the panel asks again and is signed out.
    expect((await inspector('', { method: 'DELETE' })).status).toBeLessThan(300);
    await expect.poll(() => page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("hides the window's plumbing (health polls, its files, its re-reads) from the HTTP log until asked", async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    await cookieLogin(page, 'alice');
    const rows = page.getByTestId('exchange-row');
    await rows.filter({ hasText: 'POST /api/v1/session/login' }).waitFor();
    expect(await rows.filter({ hasText: '/api/v1/health' }).count()).toBe(0);
    expect(await rows.filter({ hasText: 'GET /api/v1/session/list' }).count()).toBe(0);
    await expect.poll(() => page.getByText(/plumbing \(\d+ hidden\)/).count()).toBe(1);
    await page.getByTestId('show-plumbing').check();
    await expect.poll(() => rows.filter({ hasText: 'GET /api/v1/session/list' }).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the store reads: the session check reads its key, quieter than writes, in the log and in the exchange', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url);
    const key = await cookieLogin(page, 'alice');
    await page.getByRole('button', { name: 'GET /session/me' }).click();
    const read = page.locator('[data-testid="command"][data-kind="read"]').filter({ hasText: `GET ${key}` });
    await read.first().waitFor();
    expect(await read.first().getByText('read', { exact: true }).count()).toBe(1);
    // Writes only: the reads leave the log, the login's SET stays.
    await page.getByTestId('show-reads').uncheck();
    await expect.poll(() => read.count()).toBe(0);
    expect(
      await page
        .getByTestId('command')
        .filter({ hasText: `SET ${key}` })
        .count(),
    ).toBe(1);
    await page.getByTestId('show-reads').check();
    // The exchange that made the read lists it in plain words, then the command.
    await read
      .first()
      .getByRole('button', { name: /by exchange #\d+/ })
      .click();
    const detail = page.getByTestId('exchange-detail');
    await expect.poll(() => detail.textContent()).toContain('The server looked up');
    expect(await detail.getByTestId('exchange-reads').textContent()).toContain(`GET ${key}`);
    await shot(page, 'inspector-reads');
    // The comparison says it live: the session check reads the store, the token check only for its denylist.
    await page.getByTestId('token-demo-bob').click();
    await page.getByRole('button', { name: 'Log in (get a token)' }).click();
    await page.getByTestId('token-fetch').click();
    await expect.poll(() => page.getByTestId('token-data').textContent()).toContain('bob');
    await page.getByRole('tab', { name: 'Sessions vs JWT' }).click();
    const scalability = page.getByTestId('comparison-scalability');
    await expect
      .poll(() => scalability.textContent())
      .toContain(`the last session check read the store once (GET ${key})`);
    expect(await scalability.textContent()).toMatch(
      /the last token check read the store twice: the denylist \(EXISTS sl:denylist:/,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('links a command to the exchange that caused it, shows its headers, copies it as curl and exports a valid HAR', async () => {
    const { page } = await openApp(e2e.browser, e2e.app.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const key = await cookieLogin(page, 'bob');
    const setCommand = page.getByTestId('command').filter({ hasText: `SET ${key}` });
    await setCommand.waitFor();
    await setCommand.getByRole('button', { name: /by exchange #\d+/ }).click();
    const detail = page.getByTestId('exchange-detail');
    await expect
      .poll(() => detail.getByRole('heading').first().textContent())
      .toMatch(/POST \/api\/v1\/session\/login → 200/);
    expect(await detail.getByTestId('exchange-caused').textContent()).toContain(`SET ${key}`);
    expect(await detail.textContent()).toContain('set-cookie');
    await detail.getByRole('button', { name: /^Copy as curl/ }).click();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toContain(`curl '${e2e.app.server.url}/api/v1/session/login'`);
    expect(curl).toContain('-X POST');
    expect(curl).toContain('"password":"[redacted]"');
    await shot(page, 'inspector-2-exchange-detail');

    const download = page.waitForEvent('download');
    await page.getByTestId('export-har').click();
    const file = await (await download).path();
    const har = JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: { request: { url: string } }[] } };
    await expect(validate.har(har)).resolves.toBeTruthy();
    expect(har.log.entries.some((entry) => entry.request.url.endsWith('/api/v1/session/login'))).toBe(true);
    await page.context().close();
  });

  it('filters by pattern and pages through a large keyspace', async () => {
    for (let i = 0; i < 450; i++)
      await e2e.app.server.store.set(`sl:bench:page:${String(i).padStart(3, '0')}`, 'x', { px: 600_000 });
    const { page } = await openApp(e2e.browser, e2e.app.url);
    // A store larger than one key page opens as the tree (counts per kind); the flat table pages through it.
    await expect.poll(() => page.getByTestId('key-view-tree').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('key-view-flat').click();
    await page.getByTestId('key-filter').fill('sl:bench:page:*');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.getByTestId('key-count').textContent()).toMatch(/^100 of \d+ keys shown/);
    const rows = page.getByTestId('key-row');
    expect(
      await rows.evaluateAll((elements) =>
        elements.every((element) => element.getAttribute('data-key')!.startsWith('sl:bench:page:')),
      ),
    ).toBe(true);
    for (let i = 0; i < 6 && (await page.getByRole('button', { name: 'Load more' }).count()) > 0; i++) {
      await page.getByRole('button', { name: 'Load more' }).click();
      await page.waitForTimeout(100);
    }
    await expect.poll(() => page.getByTestId('key-count').textContent()).toBe('450 of 450 keys shown');
    expect(await page.locator('.table-foot').textContent()).toContain('whole keyspace scanned');
    await page.getByTestId('key-filter').fill('sl:bench:page:00?');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.getByTestId('key-count').textContent()).toBe('10 of 10 keys shown');
    await shot(page, 'inspector-3-filtered');
    await page.context().close();
  });
});
