import { Secret, TOTP } from 'otpauth';

const PERIOD_S = 30;
const ISSUER = 'Session Lab';

/** A new TOTP secret (20 random bytes), base32 as authenticator apps expect. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI an authenticator app scans. */
export function otpauthUri(secret: string, username: string): string {
  return new TOTP({ issuer: ISSUER, label: username, secret: Secret.fromBase32(secret), period: PERIOD_S }).toString();
}

/**
 * Checks a 6-digit code per RFC 6238 (SHA-1, 30 s steps), accepting one step of clock drift either
 * way. Returns the time step the code belongs to (so it can be refused a second time), or null.
 */
export function totpStep(secret: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    period: PERIOD_S,
    timestamp: now,
    window: 1,
  });
  return delta === null ? null : Math.floor(now / 1_000 / PERIOD_S) + delta;
}

/** The code of a time step (for tests and for the lab that shows how a code is made). */
export function totpCode(secret: string, now: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), period: PERIOD_S, timestamp: now });
}

/** How long a used step is remembered: the step and the drift window around it. */
export const TOTP_REPLAY_MS = 3 * PERIOD_S * 1_000;
