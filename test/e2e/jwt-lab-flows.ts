import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { runStep } from './lab-support.ts';

/** In the open lab's debugger: the target's token loaded, role made admin, to be signed with the key area's key. */
export async function loadAsAdmin(page: Page): Promise<Locator> {
  const bench = page.getByTestId('lab-debugger');
  await bench.getByTestId('jwt-use-current').click();
  const payload = bench.getByTestId('jwt-payload-json');
  const text = await payload.inputValue();
  expect(text).toContain('"role": "user"');
  await payload.fill(text.replace('"role": "user"', '"role": "admin"'));
  await bench.getByTestId('jwt-signature-sign').check();
  return bench;
}

/** Waits until the key area says the token's signature checks out with its key. */
export async function expectVerified(bench: Locator): Promise<void> {
  await expect.poll(() => bench.getByTestId('jwt-sign-verdict').getAttribute('data-verified')).toBe('true');
}

/** Sends the debugger's token to both; answers the target's status and the real API's status and code. */
export async function sendBoth(
  bench: Locator,
): Promise<{ target: string | null; real: string | null; code: string | null }> {
  await bench.getByTestId('jwt-send-both').click();
  await bench.getByTestId('jwt-both-real').waitFor();
  return {
    target: await bench.getByTestId('jwt-both-target').getAttribute('data-status'),
    real: await bench.getByTestId('jwt-both-real').getAttribute('data-status'),
    code: await bench.getByTestId('jwt-both-real').getAttribute('data-code'),
  };
}

/** Lab 15 as its learner does it: crack the secret in the worker, sign an admin token with it, send it to both. */
export async function jwtWeakKeyLab(page: Page): Promise<void> {
  await runStep(page, 'naive-on');
  await runStep(page, 'target-token');
  const crack = page.getByTestId('jwt-crack');
  await crack.getByTestId('jwt-crack-start').click();
  await expect.poll(() => crack.getAttribute('data-status'), { timeout: 15_000 }).toBe('found');
  const bench = await loadAsAdmin(page);
  await bench.getByTestId('jwt-sign-offer-cracked').click();
  await expectVerified(bench);
  await sendBoth(bench);
  await giveRealApiItsKid(page, bench, 'real-kid', 'real-kid');
}

/** The real API's best chance: its own kid learned by `step`, the token signed again under it, sent to both. */
export async function giveRealApiItsKid(
  page: Page,
  bench: Locator,
  step: string,
  offer: string,
): Promise<{ target: string | null; real: string | null; code: string | null }> {
  await runStep(page, step);
  await bench.getByTestId(`jwt-sign-offer-${offer}`).click();
  await expect.poll(() => bench.getByTestId('jwt-header-kid').inputValue()).not.toBe('');
  await expectVerified(bench);
  return sendBoth(bench);
}

/** Lab 16: a key pair made in the page, its public key embedded as jwk, then published behind a jku. */
export async function jwtKeyInjectionLab(page: Page): Promise<void> {
  await runStep(page, 'naive-on');
  await runStep(page, 'target-token');
  const bench = await loadAsAdmin(page);
  await bench.getByTestId('jwt-sign-alg').selectOption('ES256');
  await bench.getByTestId('jwt-sign-generate').click();
  await expect.poll(() => bench.getByTestId('jwt-sign-private-key').inputValue()).toContain('"d"');
  await bench.getByTestId('jwt-sign-embed-jwk').click();
  await expectVerified(bench);
  await sendBoth(bench);
  await bench.getByTestId('jwt-sign-embed-jwk').click();
  await bench.getByTestId('jwt-sign-publish-jku').click();
  await expect.poll(() => bench.getByTestId('jwt-header-jku').inputValue()).toContain('/jwks.json');
  await expectVerified(bench);
  await sendBoth(bench);
}

/** Lab 17: kid ../../../../dev/null, HS256 signed with one zero byte (AA==). */
export async function jwtKidLab(page: Page): Promise<void> {
  await runStep(page, 'naive-on');
  await runStep(page, 'target-token');
  const bench = await loadAsAdmin(page);
  await bench.getByTestId('jwt-sign-alg').selectOption('HS256');
  if (await bench.getByTestId('jwt-sign-set-alg').count()) await bench.getByTestId('jwt-sign-set-alg').click();
  await bench.getByTestId('jwt-header-kid').fill('../../../../dev/null');
  await bench.getByTestId('jwt-sign-encoding-base64').check();
  await bench.getByTestId('jwt-sign-secret').fill('AA==');
  await expectVerified(bench);
  await sendBoth(bench);
}

/** Lab 18: the target's public key recovered from two tokens, its PEM as the HS256 secret. */
export async function jwtConfusionLab(page: Page): Promise<void> {
  await runStep(page, 'naive-on');
  await runStep(page, 'target-tokens');
  await page.getByTestId('jwt-recover').click();
  await page.getByTestId('jwt-recovered-pem').waitFor();
  const bench = await loadAsAdmin(page);
  await bench.getByTestId('jwt-sign-offer-recovered-pem').click();
  await expectVerified(bench);
  await sendBoth(bench);
  await giveRealApiItsKid(page, bench, 'real-jwks', 'real-pem');
}
