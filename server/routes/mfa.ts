import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { Context } from 'koa';
import type { UserRecord } from '../accounts/accounts.ts';
import { hashSid } from '../accounts/audit-log.ts';
import type { AuthServices } from '../auth/auth-services.ts';
import { auditContext } from '../auth/cookie-session.ts';
import { requireCsrf, requireSession } from '../auth/guards.ts';
import { meResponse } from '../auth/me-response.ts';
import { saveUnderNewId } from '../auth/start-session.ts';
import { checkTotpCode } from '../auth/totp-check.ts';
import { newTotpSecret, otpauthUri } from '../auth/totp.ts';
import { InvalidMfaCodeError, MfaNotSetUpError, TooManyAttemptsError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { mfaSetupSchema, mfaVerifySchema, type MfaSetupResponse } from '../../shared/api/mfa.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';

/**
 * TOTP second factor. Setup keeps the new secret in the session, sealed, until its first code is verified
 * (replacing an existing secret needs a code of the current one); verify either enables it, or
 * completes a login that waits for it (and then rotates the session id). Every code is throttled per
 * user (`sl:throttle:mfa:{uid}`) and accepted once (`sl:totp_used:{uid}:{step}`).
 */
export function mfaRoutes(services: AuthServices): Router {
  const { accounts, audit } = services;
  const router = createRouter(`${API_PREFIX}/mfa`);

  /** Checks a code of `secret` for `user`; guessing codes on a half-open login ends that login. */
  async function checkCode(ctx: Context, user: UserRecord, secret: string, code: string): Promise<void> {
    const context = { ...auditContext(ctx), userId: user.id, sid: ctx.state.auth!.sid };
    try {
      await checkTotpCode(services, user.id, secret, code, context);
    } catch (error) {
      if (error instanceof TooManyAttemptsError && ctx.state.auth!.record.state === 'mfa_pending') {
        ctx.session = null;
        audit.record({ ...context, event: 'destroyed', detail: 'too many wrong TOTP codes' });
      }
      throw error;
    }
  }

  router.post('/setup', requireSession(), requireCsrf(), async (ctx) => {
    const { code } = parseInput(mfaSetupSchema, ctx.request.body);
    const { user, record } = ctx.state.auth!;
    if (user.totpSecret) {
      // A stolen session must not be enough to move MFA to another authenticator.
      if (!code) throw new InvalidMfaCodeError('MFA is on: send a current code to replace it');
      await checkCode(ctx, user, user.totpSecret, code);
    }
    const secret = newTotpSecret();
    // It waits in the session record until its first code is verified: sealed, so no stored value, change event or key view holds it.
    record.totpSetup = services.sealer.seal(secret, String(user.id));
    const uri = otpauthUri(secret, user.username);
    // qrcode (and pngjs, ~60 modules) loads on the first MFA setup, not at start-up.
    const { default: QRCode } = await import('qrcode');
    const body: MfaSetupResponse = {
      secret,
      otpauthUri: uri,
      qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 240 }),
    };
    ctx.body = body;
  });

  router.post('/verify', requireSession({ allowPending: true }), requireCsrf(), async (ctx) => {
    const { code } = parseInput(mfaVerifySchema, ctx.request.body);
    const { user, record, sid } = ctx.state.auth!;
    const completingLogin = record.state === 'mfa_pending';
    const secret = completingLogin
      ? user.totpSecret
      : record.totpSetup
        ? services.sealer.open(record.totpSetup, String(user.id))
        : null;
    if (!secret) throw new MfaNotSetUpError('Start with POST /api/v1/mfa/setup');
    await checkCode(ctx, user, secret, code);

    const context = { ...auditContext(ctx), userId: user.id };
    if (completingLogin) {
      const verified = { ...record, state: 'active' as const, mfa: true };
      const newSid = await saveUnderNewId(ctx, verified);
      audit.record({ ...context, event: 'mfa_verified', sid: newSid });
      audit.record({
        ...context,
        event: 'rotated',
        sid: newSid,
        detail: `new id after MFA, replacing session ${hashSid(sid)}`,
      });
      ctx.body = meResponse(
        user,
        newSid,
        verified,
        services.signer.derive('csrf', newSid),
        services.lifetimes.idleTtlMs,
      );
      return;
    }
    const updated = accounts.update(user.id, { totpSecret: secret })!;
    delete record.totpSetup;
    record.mfa = true;
    audit.record({ ...context, event: 'mfa_verified', sid, detail: 'MFA turned on' });
    ctx.body = meResponse(updated, sid, record, ctx.state.auth!.csrfToken, services.lifetimes.idleTtlMs);
  });

  return router;
}
