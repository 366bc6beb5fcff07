import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { seriousViolations } from './axe.ts';

describe.runIf(hasChromium())('the HTTP log marks what other pages send (Chromium)', () => {
  const e2e = useE2eApp('sqlite');
  // Another page: any site on the web would do; this one is on another loopback port, under the other loopback name.
  const otherSite = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Another page</title>');
  });
  let otherPage = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
    otherPage = `http://localhost:${(otherSite.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => otherSite.close(resolve)));

  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    it(`at ${viewport.width}×${viewport.height}: another page's requests are marked, and the learner's own stay`, async () => {
      const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport });
      await expect.poll(() => page.getByTestId('stream-state').textContent()).toBe('live');
      await page.getByTestId('cookie-demo-alice').click();
      await page.getByRole('button', { name: 'Log in (cookie session)' }).click();
      await page.getByRole('button', { name: 'GET /session/me' }).click();
      // Another page in the same browser: an <img> (its origin not named), and a fetch (its origin named).
      const other = await page.context().newPage();
      await other.goto(otherPage);
      const target = `${e2e.app.server.url}/api/v1/health`;
      await other.evaluate(async (url) => {
        await new Promise((resolve) => {
          const image = new Image();
          image.onload = image.onerror = resolve;
          image.src = `${url}?from=img`;
        });
        await fetch(`${url}?from=fetch`).catch(() => undefined);
      }, target);
      await other.close();

      await page.getByRole('tab', { name: 'Inspector' }).click();
      await page.getByTestId('show-plumbing').check();
      const marked = page.getByTestId('exchange-row').filter({ has: page.getByTestId('other-page-tag') });
      await expect.poll(() => marked.count()).toBe(2);
      expect(await marked.allTextContents()).toEqual([
        expect.stringMatching(/GET \/api\/v1\/health\?from=fetch.*from another page: http:\/\/localhost:\d+/),
        expect.stringMatching(/GET \/api\/v1\/health\?from=img.*from another page: its origin not named/),
      ]);
      const login = page.getByTestId('exchange-row').filter({ hasText: 'POST /api/v1/session/login' });
      expect(await login.getByTestId('other-page-tag').count()).toBe(0);
      await marked.first().getByRole('button').click();
      expect(await page.getByTestId('exchange-detail').textContent()).toContain(
        `from another page: ${otherPage}, not this window`,
      );
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, `exchange-from-other-page-${viewport.width}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }, 60_000);
  }
});
