import type { Context } from 'koa';
import type { UserRecord } from '../accounts/accounts.ts';
import { InvalidCredentialsError } from '../errors.ts';
import type { AuthServices } from './auth-services.ts';
import { auditContext } from './cookie-session.ts';

/**
 * The password step both logins share: the attempt is counted first (per username and address), an
 * unknown username costs the same hashing time, and a disabled account answers exactly like a wrong
 * password, so the answer never confirms the password. Returns the user; the caller finishes the
 * login (and calls `throttle.loginSucceeded`).
 */
export async function checkPassword(ctx: Context, services: AuthServices, username: string, password: string, flow: string | null): Promise<UserRecord> {
  const { accounts, audit, passwords, throttle } = services;
  const context = auditContext(ctx);
  const user = accounts.findByUsername(username);
  await throttle.attemptLogin(username, context.ip, { ...context, userId: user?.id ?? null, username });
  const ok = user ? await passwords.verify(password, user.passwordHash) : await passwords.verifyNobody(password);
  if (!user || !ok || user.disabled) {
    const detail = [flow, user?.disabled && ok ? 'account disabled' : null].filter(Boolean).join(', ') || null;
    audit.record({ ...context, event: 'login_failed', userId: user?.id ?? null, username, detail });
    throw new InvalidCredentialsError('Wrong username or password');
  }
  return user;
}
