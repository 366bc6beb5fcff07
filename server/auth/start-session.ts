import type { Context } from 'koa';
import type { UserRecord } from '../accounts/accounts.ts';
import type { AuthServices } from './auth-services.ts';
import { auditContext, fingerprintOf } from './cookie-session.ts';
import type { SessionRecord } from './session-record.ts';
import { summarizeUserAgent } from './user-agent.ts';

/**
 * Puts `record` under a brand-new session id: whatever id the browser brought is destroyed, never
 * promoted (session fixation). koa-session's regenerate deletes the old key and saves the new one;
 * the registry adds it to the user's index in the same MULTI.
 */
export async function saveUnderNewId(ctx: Context, record: SessionRecord): Promise<string> {
  const session = ctx.session!;
  for (const key of Object.keys(session.toJSON())) delete (session as unknown as Record<string, unknown>)[key];
  Object.assign(session, record);
  ctx.state.sessionIsNew = true;
  ctx.state.sessionOwner = record.uid;
  await session.regenerate();
  ctx.state.sessionCommitted = true;
  return ctx.state.sid!;
}

/**
 * The record of a session that begins now for `user`, waiting for MFA when the account has it. A remembered one
 * (Remember me) ends `--remember-me-ttl` after the login instead of the absolute lifetime: that is its absolute
 * lifetime, still enforced on every request and never extended by use.
 */
export function newSessionRecord(
  ctx: Context,
  user: UserRecord,
  services: AuthServices,
  remember = false,
): SessionRecord {
  const now = services.now();
  const lifetime = remember ? services.config.rememberMeTtlMs : services.lifetimes.absoluteTtlMs;
  const { ip, userAgent } = auditContext(ctx);
  const record: SessionRecord = {
    uid: user.id,
    acct: user.accountKey,
    state: user.totpSecret ? 'mfa_pending' : 'active',
    created: now,
    seen: now,
    until: now + lifetime,
    mfa: false,
    ua: summarizeUserAgent(userAgent),
    ip,
    remember,
  };
  const fp = fingerprintOf(ctx, services.config.sessionFingerprint);
  if (fp) record.fp = fp;
  return record;
}
