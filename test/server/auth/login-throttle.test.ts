import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../server/accounts/audit-log.ts';
import { LoginThrottle } from '../../../server/auth/login-throttle.ts';
import { TooManyAttemptsError } from '../../../server/errors.ts';
import { testApp, type TestApp } from '../../support/test-app.ts';

describe('login throttle', () => {
  let t: TestApp;
  let throttle: LoginThrottle;
  beforeAll(() => {
    t = testApp();
    throttle = new LoginThrottle(t.store, new AuditLog(t.accounts.db), { maxFailures: 3, windowMs: 60_000 });
  });
  afterAll(() => t.close());

  it('counts per username across addresses, and a success clears the username only', async () => {
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) await throttle.fail('Alice', ip, {});
    await expect(throttle.check('alice', '10.0.0.9')).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(throttle.check('bob', '10.0.0.1')).resolves.toBeUndefined();
    await throttle.succeed('ALICE');
    await expect(throttle.check('alice', '10.0.0.9')).resolves.toBeUndefined();
    expect(await t.store.get('sl:throttle:ip:10.0.0.1')).toBe('1');
  });

  it('keeps the window from the first failure (the TTL is set once)', async () => {
    await throttle.fail('carol', '10.0.1.1', {});
    const first = await t.store.pttl('sl:throttle:user:carol');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await throttle.fail('carol', '10.0.1.1', {});
    expect(await t.store.pttl('sl:throttle:user:carol')).toBeLessThan(first);
  });
});
