import { describe, it } from 'vitest';
import { openApp, useE2eApp } from '../support/e2e.ts';
import { REDIS_SERVER_BIN } from '../support/requirements.ts';
import { hasChromium } from '../support/requirements.ts';
import { outageLab } from './lab-flows.ts';

describe.runIf(hasChromium() && REDIS_SERVER_BIN)(
  'lab 10, outage (Chromium, a real redis-server paused for 8 s)',
  () => {
    const e2e = useE2eApp('redis');

    it('the cookie half is answered 503 but not logged out and comes back; the token goes on without its denylist', async () => {
      const { page } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
      await outageLab(page);
      await page.context().close();
    }, 60_000);
  },
);
