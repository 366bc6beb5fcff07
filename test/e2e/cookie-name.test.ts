import { describe, expect, it } from 'vitest';
import { openApp, useE2eApp } from '../support/e2e.ts';
import { hasChromium, REDIS_SERVER_BIN } from '../support/requirements.ts';
import { outageLab, payloadSizeLab } from './lab-flows.ts';

// The window learns the session cookie's name from the server (/health): with `--cookie-name other_name` the labs
// that read the cookie out of the recorded exchanges still find it.
describe.runIf(hasChromium() && REDIS_SERVER_BIN)(
  'a session cookie with another name (--cookie-name other_name, Chromium, redis-server)',
  () => {
    const e2e = useE2eApp('redis', { cookieName: 'other_name' });

    it('is the name the server sets, and lab 11 (payload size) measures it and ticks', async () => {
      const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
      await payloadSizeLab(page, 'other_name');
      const names = (await page.context().cookies()).map((cookie) => cookie.name);
      expect(names).toContain('other_name');
      expect(names.some((name) => name.startsWith('sl_session'))).toBe(false);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('lab 10 (outage) ticks', async () => {
      const { page } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
      await outageLab(page);
      await page.context().close();
    }, 60_000);
  },
);
