import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { shot } from '../support/e2e.ts';

/** Opens the Labs tab on one lab. */
export async function openLab(page: Page, id: string): Promise<void> {
  await page.getByRole('tab', { name: 'Labs' }).click();
  await page.getByTestId(`lab-link-${id}`).click();
  await page.getByTestId(`lab-${id}`).waitFor();
}

/** Presses one of the open lab's step buttons. */
export async function runStep(page: Page, step: string): Promise<void> {
  await page.getByTestId(`lab-step-${step}`).getByTestId('lab-step-button').click();
  await expect.poll(() => page.getByTestId(`lab-step-${step}`).getByTestId('lab-step-button').isEnabled()).toBe(true);
}

/** Waits for a check to tick (it ticks from what the inspector's stream shows, so it may take a moment). */
export async function expectProved(page: Page, check: string): Promise<string> {
  const row = page.getByTestId(`lab-check-${check}`);
  await expect.poll(() => row.getAttribute('data-proved'), { timeout: 5_000 }).toBe('true');
  return (await row.textContent()) ?? '';
}

/** Whether a check has ticked now. */
export async function isProved(page: Page, check: string): Promise<boolean> {
  return (await page.getByTestId(`lab-check-${check}`).getAttribute('data-proved')) === 'true';
}

/** Waits for the lab to say it is solved, and saves a screenshot of it. */
export async function expectSolved(page: Page, id: string): Promise<void> {
  await expect.poll(() => page.getByTestId(`lab-${id}`).getAttribute('data-solved')).toBe('true');
  await expect.poll(() => page.getByTestId(`lab-link-${id}`).textContent()).toContain('solved');
  await shot(page, `lab-${id}-solved`);
}

/** Presses the open lab's Reset and waits until it is done: its switches put back, and the lab waiting for its first step. */
export async function resetLab(page: Page): Promise<void> {
  await page.getByTestId('lab-reset').click();
  await expect.poll(() => page.getByTestId('lab-not-started').count(), { timeout: 10_000 }).toBe(1);
}

/**
 * Lab 8 as its learner does it, in the lab's own JWT debugger: the held token loaded, one field of the header or the
 * payload edited by hand, the signature kept or stripped, sent to GET /token/data; answers the code the server gave.
 */
export async function forgeInDebugger(
  page: Page,
  edit: { part: 'header' | 'payload'; from: string; to: string; signature: 'keep' | 'strip' },
): Promise<string> {
  const bench = page.getByTestId('lab-debugger');
  await bench.getByTestId('jwt-use-current').click();
  const editor = bench.getByTestId(edit.part === 'header' ? 'jwt-header-json' : 'jwt-payload-json');
  const text = await editor.inputValue();
  expect(text).toContain(edit.from);
  await editor.fill(text.replace(edit.from, edit.to));
  await bench.getByTestId(`jwt-signature-${edit.signature}`).check();
  await bench.getByTestId('jwt-send').click();
  await bench.getByTestId('jwt-send-code').waitFor();
  return (await bench.getByTestId('jwt-send-code').textContent()) ?? '';
}
