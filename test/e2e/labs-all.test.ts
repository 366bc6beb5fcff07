import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { keyRow, openApp, useE2eApp } from '../support/e2e.ts';
import { hasChromium, REDIS_SERVER_BIN } from '../support/requirements.ts';
import { jwtConfusionLab, jwtKeyInjectionLab, jwtKidLab, jwtWeakKeyLab } from './jwt-lab-flows.ts';
import { outageLab, payloadSizeLab } from './lab-flows.ts';
import { forgeInDebugger, isProved, openLab, resetLab, runStep } from './lab-support.ts';

/** Each lab's checks, as the page lists them. */
async function checksOf(page: Page, lab: string): Promise<string[]> {
  return page
    .getByTestId(`lab-${lab}`)
    .locator('[data-testid^="lab-check-"]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')!.slice('lab-check-'.length)));
}

async function steps(page: Page, ids: string[]): Promise<void> {
  for (const id of ids) await runStep(page, id);
}

/** How a learner solves each lab, step by step, from wherever the previous lab left the window. */
const SOLVE: Record<string, (page: Page) => Promise<void>> = {
  'where-state-lives': (page) => steps(page, ['cookie-login', 'token-login', 'token-data']),
  revocation: (page) =>
    steps(page, [
      'cookie-login',
      'keep-cookie',
      'cookie-logout',
      'replay-cookie',
      'denylist-off',
      'token-login-off',
      'keep-token-off',
      'token-logout-off',
      'replay-token-off',
      'denylist-on',
      'token-login-on',
      'keep-token-on',
      'token-logout-on',
      'replay-token-on',
    ]),
  'server-side-kill': async (page) => {
    await steps(page, ['cookie-login', 'token-login', 'me']);
    const sid = (await page.context().cookies()).find((cookie) => cookie.name === 'sl_session')!.value;
    const key = `sl:sess:${sid}`;
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await keyRow(page, key).getByRole('button', { name: key }).click();
    await page.getByTestId('key-delete').click();
    await keyRow(page, key, true).waitFor();
    await page.getByRole('tab', { name: 'Labs' }).click();
    await steps(page, ['me', 'token-data']);
  },
  expiry: async (page) => {
    await steps(page, ['short', 'login', 'token-now']);
    await page.getByTestId('lab-step-busy').getByTestId('lab-step-button').click();
    await expect
      .poll(() => page.getByTestId('lab-step-busy').getByTestId('lab-step-button').isEnabled(), { timeout: 25_000 })
      .toBe(true);
    await steps(page, ['token-later', 'idle']);
    await expect.poll(() => isProved(page, 'idle'), { timeout: 12_000 }).toBe(true);
  },
  'xss-theft': (page) => steps(page, ['cookie-login', 'site-token-login', 'inject', 'loot']),
  csrf: (page) =>
    steps(page, [
      'cookie-login',
      'token-login',
      'cross-site',
      'same-site',
      'origin-off',
      'same-site-2',
      'token-off',
      'same-site-3',
      'cross-site',
    ]),
  'session-fixation': (page) => steps(page, ['plant', 'cookie-login', 'replay-planted']),
  tampering: async (page) => {
    await steps(page, ['token-login', 'untouched']);
    await forgeInDebugger(page, { part: 'payload', from: '"role": "user"', to: '"role": "admin"', signature: 'keep' });
    await forgeInDebugger(page, { part: 'header', from: '"alg": "HS256"', to: '"alg": "none"', signature: 'strip' });
    await steps(page, ['es256', 'confusion']);
  },
  'scale-out': (page) =>
    steps(page, [
      'sign-in',
      'keep-copies',
      'send-shared',
      'start-shared',
      'send-shared',
      'start-memory',
      'send-memory',
      'cookie-to-a',
    ]),
  outage: (page) => outageLab(page),
  'payload-size': (page) => payloadSizeLab(page, 'sl_session'),
  load: async (page) => {
    await page.getByTestId('load-users').fill('3');
    await page.getByTestId('load-seconds').fill('2');
    await page.getByTestId('load-run').click();
    await expect.poll(() => page.getByTestId('load-stop').isEnabled(), { timeout: 15_000 }).toBe(false);
  },
  'stale-claims': (page) =>
    steps(page, ['cookie-login', 'token-login', 'promote', 'cookie-me', 'token-data', 'refresh', 'token-data-2']),
  cors: (page) =>
    steps(page, [
      'cookie-login',
      'attacker-default',
      'allowlist',
      'partner',
      'attacker-allowlist',
      'reflect',
      'attacker-reflect',
    ]),
  'jwt-weak-key': jwtWeakKeyLab,
  'jwt-key-injection': jwtKeyInjectionLab,
  'jwt-kid': jwtKidLab,
  'jwt-confusion': jwtConfusionLab,
};

const IN_ORDER = Object.keys(SOLVE);

/** A fixed shuffle (the same every run): a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// Every lab in one page, without a reload: in order (each reset first), then again in a shuffled order with no reset,
// from wherever the lab before left the window. Every check of each lab ticks from what that run did.
describe.runIf(hasChromium() && REDIS_SERVER_BIN)(
  `all ${IN_ORDER.length} labs in one page (Chromium, redis-server)`,
  () => {
    const e2e = useE2eApp('redis');

    it(`each ticks, in order 1→${IN_ORDER.length} and then shuffled`, async () => {
      const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
      // The shuffled pass opens each lab from another one: one that began where the first pass ended would still be open.
      const again = shuffled(IN_ORDER, 20261205);
      if (again[0] === IN_ORDER.at(-1)) again.push(again.shift()!);
      const order = [...IN_ORDER, ...again];
      for (const [index, lab] of order.entries()) {
        await openLab(page, lab);
        // The first pass starts each lab afresh (reset); the shuffled one takes the window as the lab before left it
        // (signed in or out, its keys, its switches put back): the lab opens not started, nothing ticked.
        if (index < IN_ORDER.length) await resetLab(page);
        else expect(await page.getByTestId('lab-not-started').count(), `run ${index + 1}, ${lab}: not started`).toBe(1);
        const checks = await checksOf(page, lab);
        for (const check of checks) expect(await isProved(page, check), `${lab}: ${check} before its run`).toBe(false);
        await SOLVE[lab]!(page);
        for (const check of checks) {
          await expect
            .poll(() => isProved(page, check), { timeout: 10_000, message: `run ${index + 1}, ${lab}: ${check}` })
            .toBe(true);
        }
        // Solved, each closes with why it matters and one primary source.
        expect(await page.getByTestId('lab-why').getByRole('link').getAttribute('href'), lab).toMatch(
          /^https:\/\/(www\.rfc-editor\.org|cheatsheetseries\.owasp\.org|owasp\.org|portswigger\.net)\//,
        );
      }
      // Expected console noise only: lab 6's framed JSON answers (the API is never framed), lab 10's 503s and what lab
      // 14's CORS policy blocked.
      expect(
        errors.filter(
          (error) =>
            !/frame-ancestors|Refused to display|Refused to frame|status of 503|CORS policy|net::ERR_FAILED/.test(
              error,
            ),
        ),
      ).toEqual([]);
      await page.context().close();
    }, 600_000);
  },
);
