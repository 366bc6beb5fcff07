import compose from 'koa-compose';
import type { Context, Middleware, Next } from 'koa';
import type { Logger } from 'pino';
import type { CoreParts } from '../core-app.ts';
import { requireSession } from '../auth/guards.ts';
import { errorHandler } from '../middleware/error-handler.ts';
import { requireToken } from '../tokens/token-auth.ts';
import { API_PATHS } from '../../shared/api/paths.ts';

/**
 * The load run's fast lane: how a request the run's tally matches (its random token in the load header, which only
 * the server's own load client knows) is answered, so that the figures lab 12 shows are the checks' own cost and not
 * the app's. `GET /session/me` runs the real cookie session (the signed cookie, koa-session over the store and the
 * session registry: idle and absolute lifetimes, the account lookup, the commit) and its route's guard; `GET
 * /token/data` runs the real token reader (jose's verify, the denylist's lookups when it is on) and its route's guard.
 * Either answers a small body, or the error every route answers (`{"error":{"code","message"}}` with its status, so a
 * refused credential counts as an error in the run's figures). What only matters for requests from pages is left out:
 * the exchange's recording, the security headers, the Host/Origin guard, the body reader and the router's dispatch.
 * Anything else the run's token comes with (no route of the run's) goes through the app as any request does.
 */
export function loadLane(checks: CoreParts['checks'], logger: Logger): (ctx: Context, next: Next) => Promise<void> {
  const errors = errorHandler(logger);
  const session = compose([
    errors,
    checks.session,
    requireSession(),
    (ctx: Context) => {
      const { user } = ctx.state.auth!;
      ctx.body = { user: { id: user.id, username: user.username, role: user.role } };
    },
  ] as Middleware[]);
  const token = compose([
    errors,
    checks.token,
    requireToken(),
    (ctx: Context) => {
      const { user, claims } = ctx.state.token!;
      ctx.body = { subject: { id: user.id, username: user.username, role: claims.role } };
    },
  ] as Middleware[]);
  return (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === API_PATHS.sessionMe) return session(ctx);
    if (ctx.method === 'GET' && ctx.path === API_PATHS.tokenData) return token(ctx);
    return next() as Promise<void>;
  };
}
