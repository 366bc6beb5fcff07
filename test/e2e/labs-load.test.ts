import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { E2E_STORES, openApp, SHOTS_DIR, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, isProved, openLab } from './lab-support.ts';

const CHECKS = ['served', 'compared', 'bounded', 'memory'];

describe.runIf(hasChromium()).each(E2E_STORES)('lab 12, load (Chromium, %s)', (store) => {
  const e2e = useE2eApp(store);

  it('a short run on both checks: charts fill, every check ticks from the load events, Stop ends a second run', async () => {
    const { page } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 1000 } });
    await openLab(page, 'load');
    for (const check of CHECKS) expect(await isProved(page, check)).toBe(false);
    await page.getByTestId('load-users').fill('5');
    await page.getByTestId('load-seconds').fill('3');
    await page.getByTestId('load-run').click();
    // Running: the progress bar moves and Stop is offered; nothing about the end is proved yet.
    await expect.poll(() => page.getByTestId('load-stop').isEnabled()).toBe(true);
    expect(await isProved(page, 'bounded')).toBe(false);
    expect(await isProved(page, 'compared')).toBe(false);
    const served = await expectProved(page, 'served');
    expect(served).toMatch(/session check \d+ answers, token check \d+, 0 errors/);
    const compared = await expectProved(page, 'compared');
    expect(compared).toMatch(
      /session check: \d+ requests, [\d.]+ req\/s, p99 [\d.]+ ms, [\d.]+ µs CPU\/request; token check: /,
    );
    expect(await expectProved(page, 'bounded')).toMatch(/done \(its time was up\) after [\d.]+ s: 5 users, bound 3 s/);
    expect(await expectProved(page, 'memory')).toMatch(
      store === 'sqlite' ? /embedded store/ : /Redis used_memory \d+ bytes/,
    );
    expect(await page.getByTestId('load-progress').getAttribute('value')).toBe('3000');
    expect(await page.getByTestId('load-totals').textContent()).toMatch(/session\d+0/);
    console.log(`lab 12 on ${store}: ${compared}`);
    await expectSolved(page, 'load');
    // The charts sit below the checks, inside the lab's scrolling page: a picture of the panel itself.
    await page.getByTestId('load-panel').scrollIntoViewIfNeeded();
    await page.getByTestId('load-panel').screenshot({ path: path.join(SHOTS_DIR, `lab-load-charts-${store}.png`) });

    // Stop: a second (long) run ends at once when asked.
    await page.getByTestId('load-seconds').fill('30');
    await page.getByTestId('load-target').selectOption('token');
    await page.getByTestId('load-run').click();
    await expect.poll(() => page.getByTestId('load-stop').isEnabled()).toBe(true);
    await page.getByTestId('load-stop').click();
    await expect
      .poll(() => page.getByTestId('load-panel').textContent(), { timeout: 8_000 })
      .toMatch(/Run #2 .*ended \(stopped\)/);
    await page.context().close();
  }, 60_000);
});
