import type { Context } from 'koa';
import type { Accounts, UserRecord } from '../accounts/accounts.ts';
import { InvalidCredentialsError } from '../errors.ts';
import type { AuthServices } from './auth-services.ts';
import { auditContext } from './cookie-session.ts';

/**
 * The password step both logins share: the attempt is counted first (per username and address), an
 * unknown username costs the same hashing time, and a disabled account answers exactly like a wrong
 * password, so the answer never confirms the password. Returns the user; the caller finishes the
 * login (and calls `throttle.loginSucceeded`).
 */
export async function checkPassword(
  ctx: Context,
  services: AuthServices,
  username: string,
  password: string,
  flow: string | null,
): Promise<UserRecord> {
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

/**
 * Whether the account is still as the password step found it: the same password, role and key, and not disabled.
 * A login spends ~100 ms hashing; an admin's password or role change landing meanwhile revokes only what existed
 * then. So a login asks again once it has issued its credential, and undoes it when the account changed: whichever
 * comes first, the revocation sees the new credential or the login sees the change.
 */
export function unchangedSince(accounts: Pick<Accounts, 'findById'>, checked: UserRecord): boolean {
  const now = accounts.findById(checked.id);
  return (
    now !== undefined &&
    !now.disabled &&
    now.passwordHash === checked.passwordHash &&
    now.role === checked.role &&
    now.accountKey === checked.accountKey
  );
}

/** The answer to a login that lost that race. */
export function accountChangedError(): InvalidCredentialsError {
  return new InvalidCredentialsError(
    'The account changed while you signed in (its password, role or status): sign in again',
  );
}
