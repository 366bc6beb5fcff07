import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { Context, Middleware } from 'koa';
import { toUserView } from '../accounts/accounts.ts';
import { NotAuthenticatedError, MfaPendingError } from '../errors.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';

/** How a request proved who it is. */
export type Credential = 'session' | 'bearer' | 'token-cookie';

/** Lets through a request carrying either credential (an access token wins when both came) and names it. */
export function requireAnyCredential(): Middleware {
  return async (ctx, next) => {
    if (!ctx.state.token && !ctx.state.auth)
      throw new NotAuthenticatedError('Send a session cookie or an access token');
    if (!ctx.state.token && ctx.state.auth?.record.state === 'mfa_pending')
      throw new MfaPendingError('Enter the code from your authenticator app first');
    await next();
  };
}

/** Which credential authenticated the request. */
export function credentialOf(ctx: Context): Credential {
  const token = ctx.state.token;
  if (token) return token.via === 'bearer' ? 'bearer' : 'token-cookie';
  return 'session';
}

/** `GET /api/v1/me` and `GET /api/v1/hello`: either credential, and they say which one it was. */
export function whoamiRoutes(): Router {
  const router = createRouter(API_PREFIX);
  router.get('/me', requireAnyCredential(), (ctx) => {
    const user = ctx.state.token?.user ?? ctx.state.auth!.user;
    ctx.body = { user: toUserView(user), via: credentialOf(ctx) };
  });
  router.get('/hello', requireAnyCredential(), (ctx) => {
    ctx.body = { message: 'hello world', via: credentialOf(ctx) };
  });
  return router;
}
