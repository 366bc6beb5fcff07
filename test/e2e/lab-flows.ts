import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ACCESS_TOKEN_STORAGE_KEY } from '../../shared/storage-keys.ts';
import { expectProved, expectSolved, isProved, openLab, runStep } from './lab-support.ts';

// Whole lab runs shared by the test of each lab and by the runs with a non-default session cookie name.

/** The sizes in a proof ("… Cookie: 101 B …"), in order. */
const bytesIn = (proof: string) =>
  [...proof.matchAll(/([\d,]+) B\b/g)].map((match) => Number(match[1]!.replace(/,/g, '')));

/** Lab 11, step by step, on an app whose session cookie is called `cookieName`: every check ticks with its measured bytes. */
export async function payloadSizeLab(page: Page, cookieName: string): Promise<void> {
  await openLab(page, 'payload-size');
  for (const check of ['cookie-bytes', 'token-bytes', 'token-larger', 'claims-grow'])
    expect(await isProved(page, check)).toBe(false);

  await runStep(page, 'cookie-login');
  await runStep(page, 'me');
  const cookieProof = await expectProved(page, 'cookie-bytes');
  expect(cookieProof).toMatch(/GET \/api\/v1\/session\/me → 200 sent Cookie: \d+ B/);
  const [cookieBytes] = bytesIn(cookieProof);
  // What the browser really sent: "Cookie: <name>=<id>; <name>.sig=<hmac>".
  const cookies = (await page.context().cookies()).filter(
    (cookie) => cookie.name === cookieName || cookie.name === `${cookieName}.sig`,
  );
  expect(cookieBytes).toBe(`Cookie: ${cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')}`.length);

  await runStep(page, 'token-login');
  expect(await isProved(page, 'token-bytes')).toBe(false);
  await runStep(page, 'token-data');
  const tokenProof = await expectProved(page, 'token-bytes');
  const token = await page.evaluate((key) => localStorage.getItem(key), ACCESS_TOKEN_STORAGE_KEY);
  expect(bytesIn(tokenProof)).toEqual([`Authorization: Bearer ${token}`.length]);
  expect(bytesIn(await expectProved(page, 'token-larger'))).toEqual([
    cookieBytes,
    `Authorization: Bearer ${token}`.length,
  ]);
  // One token seen so far: nothing to compare its growth with.
  expect(await isProved(page, 'claims-grow')).toBe(false);

  await runStep(page, 'grow');
  const growth = await expectProved(page, 'claims-grow');
  // The login's token (10 claims: the standard ones, role, acct and fam), then 10 and 50 permission claims more (no fam).
  expect(growth).toMatch(
    /Authorization 10 claims: [\d,]+ B → 19 claims: [\d,]+ B → 59 claims: [\d,]+ B \(exchanges #\d+, #\d+, #\d+, all answered 200\)/,
  );
  const sizes = bytesIn(growth);
  expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
  expect(sizes[0]).toBe(`Authorization: Bearer ${token}`.length);
  expect(sizes.at(-1)! - sizes[0]!).toBeGreaterThan(50 * 20);
  await expectSolved(page, 'payload-size');
  expect(await page.getByTestId('lab-payload-size').getByRole('alert').count()).toBe(0);
}

/** Lab 10 on a Redis-backed app, step by step: every check ticks, and the cookie panel stays signed in through the outage. */
export async function outageLab(page: Page): Promise<void> {
  await openLab(page, 'outage');
  await runStep(page, 'login');
  await runStep(page, 'denylist-on');
  for (const check of ['outage', 'cookie-503', 'denylist-needs-store', 'token-goes-on', 'recovered'])
    expect(await isProved(page, check)).toBe(false);
  await runStep(page, 'outage');
  await expectProved(page, 'outage');
  await runStep(page, 'cookie-during');
  expect(await expectProved(page, 'cookie-503')).toMatch(/→ 503 STORE_UNAVAILABLE, no Set-Cookie/);
  // Not a logout: the panel still holds the session and says why it cannot answer.
  expect(await page.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
  await runStep(page, 'token-during');
  await expectProved(page, 'denylist-needs-store');
  // A 200 for the token with the denylist still on would not prove the next check; nothing has yet.
  expect(await isProved(page, 'token-goes-on')).toBe(false);
  await runStep(page, 'denylist-off');
  await runStep(page, 'token-no-denylist');
  await expectProved(page, 'token-goes-on');
  expect(await isProved(page, 'recovered')).toBe(false);
  // The store banner says when it is back; then the same cookie works again.
  await expect.poll(() => page.getByTestId('store-state').textContent(), { timeout: 15_000 }).toBe('connected');
  await runStep(page, 'cookie-after');
  await expectProved(page, 'recovered');
  await expectSolved(page, 'outage');
}
