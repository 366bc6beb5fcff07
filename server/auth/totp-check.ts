import type { AuditEntry } from '../accounts/audit-log.ts';
import { InvalidMfaCodeError } from '../errors.ts';
import type { AuthServices } from './auth-services.ts';
import { totpUsedKey } from './session-keys.ts';
import { TOTP_REPLAY_MS, totpStep } from './totp.ts';

/**
 * Checks a TOTP code of `secret` for a user, for both flows: counted first (`sl:throttle:mfa:{uid}`,
 * 429 past the limit), then its 30-second window, then its single use (`sl:totp_used:{uid}:{step}`).
 */
export async function checkTotpCode(
  services: Pick<AuthServices, 'throttle' | 'store' | 'now'>,
  uid: number,
  secret: string,
  code: string,
  context: Omit<AuditEntry, 'event'>,
): Promise<void> {
  await services.throttle.attemptMfa(uid, context);
  const step = totpStep(secret, code, services.now());
  if (step === null) throw new InvalidMfaCodeError('That code is wrong or outside its 30-second window');
  const firstUse = await services.store.set(totpUsedKey(uid, step), String(services.now()), {
    px: TOTP_REPLAY_MS,
    nx: true,
  });
  if (!firstUse) throw new InvalidMfaCodeError('That code was already used; wait for the next one');
  await services.throttle.mfaSucceeded(uid);
}
