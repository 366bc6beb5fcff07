import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { E2E_STORES, openApp, SHOTS_DIR, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectProved, expectSolved, isProved, openLab } from './lab-support.ts';

const CHECKS = ['served', 'compared', 'bounded', 'memory'];

/** One row of a figures table: its name, then requests, errors, req/s, p50, p99, CPU µs/req. */
interface Row {
  name: string;
  values: number[];
}

async function tableRows(page: Page, testId: string): Promise<Row[]> {
  return page.locator(`[data-testid="${testId}"] tbody tr`).evaluateAll((rows) =>
    rows.map((row) => ({
      name: row.querySelector('th')?.textContent ?? '',
      values: [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent)),
    })),
  );
}

/** What a chart's readout says of one row of the seconds table ("1.0 s · session check"). */
function readoutOf(row: Row, column: number, unit: string): string {
  const [second, check] = row.name.split(' · ');
  return `${check}: ${formatted(row.values[column]!)} ${unit} in the second ending at ${second}`;
}

const CPU = 5;

describe.runIf(hasChromium()).each(E2E_STORES)('lab 12, load (Chromium, %s)', (store) => {
  const e2e = useE2eApp(store);

  it('a short run on both checks: charts with axes, legend and readable values, a header and an interpretation from its figures; every check ticks; a run with the other denylist is compared; Stop ends a run', async () => {
    const { page } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 1000 } });
    await openLab(page, 'load');
    for (const check of CHECKS) expect(await isProved(page, check)).toBe(false);
    // What the run will measure on, as the token panel's switches say now.
    const algorithm = await page.getByTestId('token-setting-algorithm').inputValue();
    const denylist = await page.getByTestId('token-setting-denylist').inputValue();
    await page.getByTestId('load-users').fill('5');
    await page.getByTestId('load-seconds').fill('3');
    await page.getByTestId('load-run').click();
    // Running: the progress bar moves and Stop is offered; nothing about the end is proved yet.
    await expect.poll(() => page.getByTestId('load-stop').isEnabled()).toBe(true);
    expect(await isProved(page, 'bounded')).toBe(false);
    expect(await isProved(page, 'compared')).toBe(false);
    expect(await page.getByTestId('load-interpretation').count()).toBe(0);
    // The store's size is read during the run, from the server.
    expect(await expectProved(page, 'memory')).toMatch(
      store === 'sqlite'
        ? /metrics event during run #1: the SQLite file holds \d+ pages × \d+ bytes = [\d.]+ KiB, its write-ahead log [\d.]+ (KiB|MiB)/
        : /metrics event during run #1: Redis used_memory \d+ bytes/,
    );
    const served = await expectProved(page, 'served');
    expect(served).toMatch(/session check \d+ answers, token check \d+, 0 errors/);
    const compared = await expectProved(page, 'compared');
    expect(compared).toMatch(
      /session check: \d+ requests, [\d.]+ req\/s, p99 [\d.]+ ms, [\d.]+ µs CPU\/request; token check: /,
    );
    expect(await expectProved(page, 'bounded')).toMatch(/done \(its time was up\) after [\d.]+ s: 5 users, bound 3 s/);
    expect(await page.getByTestId('load-progress').getAttribute('value')).toBe('3000');
    console.log(`lab 12 on ${store}: ${compared}`);
    await expectSolved(page, 'load');

    // The header names what the run measured on.
    expect(await page.getByTestId('load-condition-store').textContent()).toBe(
      store === 'redis' ? 'Redis' : 'embedded (SQLite)',
    );
    expect(await page.getByTestId('load-condition-algorithm').textContent()).toBe(algorithm);
    expect(await page.getByTestId('load-condition-denylist').textContent()).toBe(denylist);
    expect(await page.getByTestId('load-condition-users').textContent()).toBe('5');
    // Beside the totals, what each check did per request, in words.
    const storeWords = store === 'redis' ? 'Redis' : 'the embedded store (SQLite)';
    expect(await page.getByTestId('load-measured-session').textContent()).toBe(
      `Session check: signed cookie, then one session read from ${storeWords}; its lifetimes and account checked.`,
    );
    const tokenWords = (await page.getByTestId('load-measured-token').textContent()) ?? '';
    expect(tokenWords).toMatch(new RegExp(`^Token check: ${algorithm} signature \\(.+\\), denylist ${denylist} `));
    expect(tokenWords).toContain(denylist === 'on' ? `two lookups in ${storeWords} per request` : 'no store lookup');
    expect(await page.getByTestId('load-measured').textContent()).toContain('so these are the mechanism’s costs');
    // Readable at the two window sizes a learner is likeliest to have: nothing of it beyond the window's right edge.
    for (const [width, height] of [
      [1280, 720],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      const measured = page.getByTestId('load-measured');
      // The totals' table at the top of the view, the words under it.
      await page.getByTestId('load-totals').evaluate((table) => table.scrollIntoView({ block: 'start' }));
      const box = (await measured.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await page.screenshot({ path: path.join(SHOTS_DIR, `lab-load-measured-${store}-${width}x${height}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 1000 });
    expect(await page.getByTestId('load-memory').textContent()).toMatch(
      store === 'sqlite'
        ? /every second: SQLite file \d+ pages × \d+ bytes = [\d.]+ KiB, write-ahead log [\d.]+ (KiB|MiB) \(when run #1 began: SQLite file/
        : /every second: Redis used_memory [\d.]+ (KiB|MiB) \(when run #1 began: Redis used_memory/,
    );

    // Legend, and three charts whose axes cover the run's seconds and its largest figure.
    const legend = (await page.getByTestId('load-legend').textContent()) ?? '';
    expect(legend).toContain('session check');
    expect(legend).toContain('token check');
    const seconds = await tableRows(page, 'load-per-second');
    expect(seconds.length).toBeGreaterThanOrEqual(3);
    for (const [chart, column] of [
      ['rps', 2],
      ['p99', 4],
      ['cpu', 5],
    ] as const) {
      const plot = page.getByTestId(`load-chart-${chart}-plot`);
      expect(await plot.getByTestId('load-axis-x').locator('text').allTextContents()).toEqual([
        '0 s',
        '1 s',
        '2 s',
        '3 s',
        'time into the run',
      ]);
      const yLabels = await plot.getByTestId('load-axis-y').locator('text').allTextContents();
      const yTop = Number(yLabels.at(-2)!.replaceAll(',', ''));
      const largest = Math.max(...seconds.map((row) => row.values[column]!).filter((value) => !Number.isNaN(value)));
      expect(yTop).toBeGreaterThanOrEqual(largest);
      // One marker per second measured, on its check's line.
      for (const target of ['session', 'token'] as const) {
        const measured = seconds.filter(
          (row) => row.name.includes(`${target} check`) && !Number.isNaN(row.values[column]!),
        ).length;
        expect(
          await plot
            .getByTestId(`load-series-${target}`)
            .locator(target === 'session' ? 'circle' : 'rect')
            .count(),
        ).toBe(measured);
      }
    }

    // Hovering a point reads that second's value; the keyboard reads the first and the last.
    const rps = page.getByTestId('load-chart-rps-plot');
    await rps.scrollIntoViewIfNeeded();
    const marker = await rps.getByTestId('load-series-session').locator('circle').first().boundingBox();
    await page.mouse.move(marker!.x + marker!.width / 2, marker!.y + marker!.height / 2);
    const hovered = (await page.getByTestId('load-chart-rps-readout').textContent()) ?? '';
    const [, value, second] = /^session check: ([\d,]+) req\/s in the second ending at ([\d.]+) s$/.exec(hovered) ?? [];
    const row = seconds.find((candidate) => candidate.name === `${second} s · session check`);
    expect(row, hovered).toBeDefined();
    expect(Number(value!.replaceAll(',', ''))).toBeCloseTo(row!.values[2]!, -1);
    await page.mouse.move(0, 0);
    await page.getByTestId('load-chart-cpu-plot').focus();
    await page.keyboard.press('Home');
    const cpuRows = seconds.filter((candidate) => !Number.isNaN(candidate.values[CPU]!));
    expect(await page.getByTestId('load-chart-cpu-readout').textContent()).toBe(readoutOf(cpuRows[0]!, CPU, 'µs'));
    await page.keyboard.press('End');
    expect(await page.getByTestId('load-chart-cpu-readout').textContent()).toBe(readoutOf(cpuRows.at(-1)!, CPU, 'µs'));

    // The interpretation quotes the run's own totals and compares them the way they compare.
    const totals = await tableRows(page, 'load-totals');
    const session = totals.find((candidate) => candidate.name === 'session')!.values;
    const token = totals.find((candidate) => candidate.name === 'token')!.values;
    const interpretation = (await page.getByTestId('load-interpretation').textContent()) ?? '';
    expect(interpretation).toContain(`${token[CPU]} µs against ${session[CPU]} µs`);
    expect(interpretation).toContain(`${token[4]} ms against ${session[4]} ms`);
    const ratio = token[CPU]! / session[CPU]!;
    if (ratio >= 1.25) {
      expect(interpretation).toContain(`${ratio.toFixed(1)}× the session check’s server CPU per request`);
      expect(interpretation).toContain('Why was the token check the costlier one here?');
    } else if (ratio <= 0.8) expect(interpretation).toContain('The token check was the cheaper one');
    else expect(interpretation).toContain('about the same server CPU per request as the session check');
    expect(interpretation).toContain(store === 'redis' ? 'asked Redis for its session' : 'from SQLite inside');
    expect(interpretation).toContain('lab 9');
    expect(interpretation).toContain(`Run again with the denylist ${denylist === 'on' ? 'off' : 'on'}`);
    // The charts sit below the checks, inside the lab's own scrolling column: each chart is scrolled into view there
    // and cut out of a picture of the window (an element screenshot of the whole panel, taller than the column, made
    // the browser scroll the page itself and showed a shifted window), at the two window sizes.
    for (const [width, height] of [
      [1280, 720],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      // At 1280×720 a chart is taller than the lab's room under the two panels: the learner hides them, as lab 12's
      // last step says.
      if (height < 900) await page.getByTestId('panels-toggle').click();
      for (const chart of ['rps', 'p99', 'cpu']) {
        const figure = page.getByTestId(`load-chart-${chart}`);
        await figure.evaluate((element) => element.scrollIntoView({ block: 'center' }));
        const box = (await figure.boundingBox())!;
        // Whole in the window, nothing cut off: what the learner sees of it is all of it.
        expect(box.y, chart).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height, chart).toBeLessThanOrEqual(height);
        expect(box.x + box.width, chart).toBeLessThanOrEqual(width);
        await page.screenshot({
          path: path.join(SHOTS_DIR, `lab-load-chart-${chart}-${store}-${width}x${height}.png`),
          clip: box,
        });
      }
      await page.screenshot({ path: path.join(SHOTS_DIR, `lab-load-charts-${store}-${width}x${height}.png`) });
      if (height < 900) await page.getByTestId('panels-toggle').click();
    }
    expect(await page.getByTestId('load-turns').textContent()).toContain('take turns by the second');
    await page.setViewportSize({ width: 1440, height: 1000 });

    // A second run with the other denylist setting: its interpretation measures what the denylist costs.
    const other = denylist === 'on' ? 'off' : 'on';
    await page.getByTestId('token-setting-denylist').selectOption(other);
    await page.getByTestId('load-seconds').fill('2');
    await page.getByTestId('load-run').click();
    await expect
      .poll(() => page.getByTestId('load-interpretation').textContent(), { timeout: 15_000 })
      .toContain('What run #2 shows');
    expect(await page.getByTestId('load-condition-denylist').textContent()).toBe(other);
    expect(await page.getByTestId('load-interpretation').textContent()).toMatch(
      new RegExp(
        `Against run #1 \\(denylist ${denylist}, same store and algorithm\\), the denylist cost the token check [+−][\\d.]+ µs of CPU and [+−][\\d.]+ ms of p99`,
      ),
    );

    // Stop: a third (long) run ends at once when asked.
    await page.getByTestId('load-seconds').fill('30');
    await page.getByTestId('load-target').selectOption('token');
    await page.getByTestId('load-run').click();
    await expect.poll(() => page.getByTestId('load-stop').isEnabled()).toBe(true);
    await page.getByTestId('load-stop').click();
    await expect
      .poll(() => page.getByTestId('load-panel').textContent(), { timeout: 8_000 })
      .toMatch(/Run #3 .*ended \(stopped\)/);
    await page.context().close();
  }, 90_000);
});

/** A figure as the chart's readout prints it. */
function formatted(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return Number(value.toFixed(digits)).toLocaleString('en-US');
}
