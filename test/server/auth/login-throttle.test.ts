import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../server/accounts/audit-log.ts';
import { LoginThrottle } from '../../../server/auth/login-throttle.ts';
import { TooManyAttemptsError } from '../../../server/errors.ts';
import { testApp, type TestApp } from '../../support/test-app.ts';

describe('login throttle', () => {
  let t: TestApp;
  let throttle: LoginThrottle;
  beforeAll(async () => {
    t = await testApp();
    throttle = new LoginThrottle(t.store, new AuditLog(t.accounts.db), {
      maxFailures: 3,
      maxPerAddress: 3,
      windowMs: 60_000,
    });
  });
  afterAll(() => t.close());

  it('counts per username across addresses; a success clears the username and gives the address its attempt back', async () => {
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) await throttle.attemptLogin('Alice', ip, {});
    await expect(throttle.attemptLogin('alice', '10.0.0.9', {})).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(throttle.attemptLogin('bob', '10.0.0.1', {})).resolves.toBeUndefined();
    expect(await t.store.get('sl:throttle:ip:10.0.0.1')).toBe('2');
    await throttle.loginSucceeded('ALICE', '10.0.0.1');
    expect(await t.store.exists('sl:throttle:user:alice')).toBe(false);
    expect(await t.store.get('sl:throttle:ip:10.0.0.1')).toBe('1');
    await expect(throttle.attemptLogin('alice', '10.0.0.9', {})).resolves.toBeUndefined();
  });

  it('refuses parallel attempts past the limit: the count comes before the check', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => throttle.attemptLogin('dave', '10.0.2.1', {})),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
  });

  it('gives a counter that a success made anew (its window ended during the check) a TTL all the same', async () => {
    await throttle.loginSucceeded('erin', '10.0.3.1');
    expect(await t.store.get('sl:throttle:ip:10.0.3.1')).toBe('-1');
    expect(await t.store.pttl('sl:throttle:ip:10.0.3.1')).toBeGreaterThan(0);
  });

  it('keeps the window from the first attempt (the TTL is set once)', async () => {
    await throttle.attemptLogin('carol', '10.0.1.1', {});
    const first = await t.store.pttl('sl:throttle:user:carol');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await throttle.attemptLogin('carol', '10.0.1.1', {});
    expect(await t.store.pttl('sl:throttle:user:carol')).toBeLessThan(first);
  });
});
