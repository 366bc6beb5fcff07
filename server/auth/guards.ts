import { timingSafeEqual } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import {
  CsrfError,
  ForbiddenError,
  MfaPendingError,
  NotAuthenticatedError,
  SessionCookieInvalidError,
} from '../errors.ts';
import { CSRF_HEADER } from '../../shared/api/session.ts';

/** Methods that change nothing, so need no CSRF or Origin check. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Lets through only a request with a valid session; one still waiting for its second factor only
 * where `allowPending` (verifying the code, logging out).
 */
export function requireSession({ allowPending = false } = {}): Middleware {
  // The guards are not async: a refusal throws (Koa's compose makes it a rejection), a pass costs no promise of its own.
  return (ctx, next) => {
    const auth = ctx.state.auth;
    if (!auth) {
      if (ctx.state.sessionProblem) throw ctx.state.sessionProblem;
      if (ctx.state.cookieProblem)
        throw new SessionCookieInvalidError(`The session cookie was refused: ${ctx.state.cookieProblem}`);
      throw new NotAuthenticatedError('Sign in first');
    }
    if (auth.record.state === 'mfa_pending' && !allowPending)
      throw new MfaPendingError('Enter the code from your authenticator app first');
    return next();
  };
}

/** Only admins, whichever credential (an access token, else the session) says who the caller is. */
export function requireAdmin(): Middleware {
  return (ctx, next) => {
    if ((ctx.state.token?.user ?? ctx.state.auth?.user)?.role !== 'admin')
      throw new ForbiddenError('Only an admin may do this');
    return next();
  };
}

/** Whether a secret a request brought is the expected one, compared in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * CSRF defence for cookie-authenticated changes: the request must say where it comes from (Origin,
 * else Referer) and that must be this server, and it must carry the session's token in X-CSRF-Token.
 */
export function requireCsrf(): Middleware {
  return (ctx, next) => {
    const auth = ctx.state.auth;
    if (auth) checkCsrf(ctx, auth.csrfToken);
    return next();
  };
}

/**
 * The CSRF rule of every cookie-carried credential (session, or token in a cookie): a change must say
 * it comes from this server (Origin, else Referer) and carry the credential's token in X-CSRF-Token.
 */
export function checkCsrf(ctx: Context, expected: string): void {
  if (SAFE_METHODS.has(ctx.method)) return;
  const self = `${ctx.protocol}://${ctx.host}`;
  const origin = ctx.get('Origin') || originOf(ctx.get('Referer'));
  if (origin !== self)
    throw new CsrfError(`A change needs an Origin or Referer of ${self} (got ${origin ? `"${origin}"` : 'none'})`);
  if (!sameSecret(ctx.get(CSRF_HEADER), expected))
    throw new CsrfError(`A change needs the CSRF token in ${CSRF_HEADER}`);
}

function originOf(referer: string): string {
  try {
    return referer ? new URL(referer).origin : '';
  } catch {
    return '';
  }
}
