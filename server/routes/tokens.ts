import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { Context } from 'koa';
import type { UserRecord } from '../accounts/accounts.ts';
import type { AuthServices } from '../auth/auth-services.ts';
import { accountChangedError, checkPassword, unchangedSince } from '../auth/check-password.ts';
import { auditContext } from '../auth/cookie-session.ts';
import { checkTotpCode } from '../auth/totp-check.ts';
import { InvalidCredentialsError } from '../errors.ts';
import { signAccessToken } from '../tokens/access-tokens.ts';
import { newFamilyId } from '../tokens/refresh-tokens.ts';
import { ACCESS_COOKIE, requireToken } from '../tokens/token-auth.ts';
import { MfaRequiredError, TokenAccountMismatchError } from '../tokens/token-errors.ts';
import { denylistKey } from '../tokens/token-keys.ts';
import { parseInput } from '../validate.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { tokenLoginSchema, tokenRefreshSchema, type TokenResponse } from '../../shared/api/tokens.ts';

/**
 * The stateless half: a login answers an access token (JWT, in the body or an HttpOnly cookie) and an
 * opaque refresh token; refresh rotates; logout denylists the token's jti and revokes its refresh family.
 */
export function tokenRoutes(services: AuthServices): Router {
  const { accounts, throttle, tokens, signer, now } = services;
  const router = createRouter(API_PREFIX);

  async function answer(ctx: Context, user: UserRecord, refreshToken: string, family: string): Promise<void> {
    const { token, claims } = await signAccessToken(user, { ...tokens.accessDeps, family });
    // The lifetime the token was issued with (exp − iat): the clock may pass a second while it is signed.
    const expiresIn = claims.exp - (claims.iat ?? Math.floor(now() / 1_000));
    const body: TokenResponse = {
      token_type: 'Bearer',
      expires_in: expiresIn,
      refresh_token: refreshToken,
      delivery: tokens.settings.delivery,
    };
    if (tokens.settings.delivery === 'cookie') {
      ctx.cookies.set(ACCESS_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        signed: false,
        overwrite: true,
        maxAge: expiresIn * 1_000,
      });
      body.csrf_token = signer.derive('csrf', claims.jti);
    } else body.access_token = token;
    ctx.body = body;
  }

  router.post('/token/login', async (ctx) => {
    const { username, password, totp } = parseInput(tokenLoginSchema, ctx.request.body);
    const context = auditContext(ctx);
    const user = await checkPassword(ctx, services, username, password, 'token login');
    if (user.totpSecret) {
      if (!totp) throw new MfaRequiredError('This account has MFA: send the code from the authenticator app as "totp"');
      await checkTotpCode(services, user.id, user.totpSecret, totp, { ...context, userId: user.id });
    }
    await throttle.loginSucceeded(username, context.ip);
    const family = newFamilyId(user.id);
    const refreshToken = await tokens.refresh.issue(user, family);
    if (!unchangedSince(accounts, user)) {
      await tokens.refresh.revokeFamily(family, user.id);
      throw accountChangedError();
    }
    await answer(ctx, user, refreshToken, family);
  });

  router.post('/token/refresh', async (ctx) => {
    const { refresh_token: presented } = parseInput(tokenRefreshSchema, ctx.request.body);
    let user: UserRecord | undefined;
    // Checked before anything new is issued: a refused refresh revokes its family and mints nothing.
    const { token, record } = await tokens.refresh.rotate(presented, (found) => {
      const account = accounts.findAccount(found.uid, found.acct);
      if (!account)
        throw new TokenAccountMismatchError('The account this refresh token was issued for no longer exists');
      if (account.disabled)
        throw new InvalidCredentialsError('The account behind this refresh token no longer signs in');
      user = account;
    });
    await answer(ctx, user!, token, record.family);
  });

  router.post('/token/logout', requireToken(), async (ctx) => {
    const { claims } = ctx.state.token!;
    // Verification accepts a token until exp plus the clock tolerance: the entry must live as long.
    const remaining = claims.exp * 1_000 - now() + services.config.clockToleranceMs + 1_000;
    // With the denylist off nothing would read the entry: none is written, and the token keeps working.
    if (tokens.settings.denylist === 'on' && remaining > 0)
      await services.store.set(denylistKey(claims.jti), String(claims.exp), { px: remaining });
    if (typeof claims.fam === 'string') await tokens.refresh.revokeFamily(claims.fam, ctx.state.token!.user.id);
    ctx.cookies.set(ACCESS_COOKIE, null, { signed: false });
    ctx.status = 204;
  });

  router.get('/token/data', requireToken(), (ctx) => {
    const { user, claims, via } = ctx.state.token!;
    ctx.body = {
      via,
      subject: { id: user.id, username: user.username, role: claims.role },
      expiresAt: claims.exp * 1_000,
      data: [
        { id: 1, title: 'Quarterly report', classification: 'internal' },
        { id: 2, title: 'Release plan', classification: 'confidential' },
      ],
    };
  });

  return router;
}
