import type { Context, Middleware, Next } from 'koa';
import type { UserRecord } from '../accounts/accounts.ts';
import type { CookieSigner } from '../auth/cookie-signer.ts';
import { checkCsrf } from '../auth/guards.ts';
import { NotAuthenticatedError } from '../errors.ts';
import { verifyAccessToken, type AccessClaims, type AccessTokenDeps, type VerifiedToken } from './access-tokens.ts';
import { TokenMalformedError } from './token-errors.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';

/** The name of the cookie that carries the access token when delivery is `cookie`. */
export const ACCESS_COOKIE = 'sl_access';

/** A request authenticated by an access token. */
export interface TokenState {
  user: UserRecord;
  claims: AccessClaims;
  /** `bearer`: the Authorization header; `cookie`: the HttpOnly sl_access cookie. */
  via: 'bearer' | 'cookie';
  /** For cookie delivery: the token's CSRF token, derived from its jti. */
  csrfToken: string;
}

declare module 'koa' {
  interface DefaultState {
    /** Set when a valid access token came with the request. */
    token?: TokenState;
  }
}

const CREDENTIAL_FREE_PATHS = new Set([
  `${API_PREFIX}/token/login`,
  `${API_PREFIX}/token/refresh`,
  `${API_PREFIX}/session/login`,
]);

// The token's own form is verification's first rule (refusal-rules.ts); here only the scheme.
const BEARER = /^Bearer (\S+)$/;

/** A token a request carries, and how. */
export interface PresentedToken {
  token: string;
  via: 'bearer' | 'cookie';
}

/** The token a request carries: `Authorization: Bearer`, else the access-token cookie; none is null. */
export function presentedToken(ctx: Context): PresentedToken | null {
  const header = ctx.get('Authorization');
  if (header) {
    const match = BEARER.exec(header);
    if (!match) throw new TokenMalformedError('Send the token as "Authorization: Bearer <compact JWT>"');
    return { token: match[1]!, via: 'bearer' };
  }
  const cookie = ctx.cookies.get(ACCESS_COOKIE, { signed: false });
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/** Verifies the access token a request carries, if any; a token that fails is refused, never ignored. */
export function tokenAuth(deps: AccessTokenDeps & { signer: CookieSigner }): Middleware {
  // Not async unless a token is presented: a cookie-session request passes without a promise of its own.
  return (ctx, next) => {
    // Signing in must work whatever stale token the browser still holds.
    if (CREDENTIAL_FREE_PATHS.has(ctx.path)) return next();
    const presented = presentedToken(ctx);
    return presented ? verifyThenNext(ctx, next, presented) : next();
  };

  async function verifyThenNext(ctx: Context, next: Next, presented: PresentedToken): Promise<void> {
    let verified: VerifiedToken;
    try {
      verified = await verifyAccessToken(presented.token, deps);
    } catch (error) {
      // A refused token cookie would be sent again and again: clear it with the refusal.
      if (presented.via === 'cookie') ctx.cookies.set(ACCESS_COOKIE, null, { signed: false });
      throw error;
    }
    const { user, claims } = verified;
    const { signer } = deps;
    ctx.state.token = {
      user,
      claims,
      via: presented.via,
      // Derived when asked (a cookie-delivered token's change, the lab window): a Bearer read never needs it.
      get csrfToken() {
        return signer.derive('csrf', claims.jti);
      },
    };
    await next();
  }
}

/** Only requests with a valid access token; a cookie-delivered one also needs the CSRF checks of the cookie flow. */
export function requireToken(): Middleware {
  return (ctx, next) => {
    const token = ctx.state.token;
    if (!token) throw new NotAuthenticatedError('Send an access token');
    if (token.via === 'cookie') checkCsrf(ctx, token.csrfToken);
    return next();
  };
}
