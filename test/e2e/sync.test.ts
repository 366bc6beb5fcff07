import { describe, expect, it } from 'vitest';
import { openApp, shot, useE2eApp } from '../support/e2e.ts';
import { hasChromium } from '../support/requirements.ts';

describe.runIf(hasChromium())('two windows of the app in Chromium', () => {
  const e2e = useE2eApp('sqlite');

  it('a login or logout in one page shows in the other, for both halves', async () => {
    const { page: first, errors } = await openApp(e2e.browser, e2e.app.url);
    // A second tab of the same browser profile (same cookies and localStorage), opened as a learner would.
    const second = await first.context().newPage();
    await second.goto(e2e.app.url);
    await second.waitForSelector('html[data-ready="true"]');
    expect(await second.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');

    await first.getByTestId('cookie-demo-alice').click();
    await first.getByRole('button', { name: 'Log in (cookie session)' }).click();
    await expect.poll(() => second.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-in');
    expect(await second.getByTestId('cookie-user').textContent()).toContain('alice');

    await first.getByTestId('token-demo-bob').click();
    await first.getByRole('button', { name: 'Log in (get a token)' }).click();
    await expect.poll(() => second.getByTestId('token-panel').getAttribute('data-state')).toBe('signed-in');
    await shot(second, 'sync-1-second-page-signed-in');

    await second.getByTestId('cookie-logout').click();
    await expect.poll(() => first.getByTestId('cookie-panel').getAttribute('data-state')).toBe('signed-out');
    await second.getByTestId('token-logout').click();
    await expect.poll(() => first.getByTestId('token-panel').getAttribute('data-state')).toBe('signed-out');
    await shot(first, 'sync-2-first-page-signed-out');
    expect(errors).toEqual([]);
    await first.context().close();
  });
});
