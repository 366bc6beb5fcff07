import type { Context, Middleware } from 'koa';
import { SAFE_METHODS } from '../auth/guards.ts';
import { ForbiddenHostError, ForbiddenOriginError } from '../errors.ts';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

/**
 * DNS-rebinding and cross-site defence. The Host header must name the loopback address and the port
 * this very connection arrived on; a state-changing request that carries an Origin must come from
 * that same loopback origin. `ownOriginCheck` names the requests whose route makes that Origin check itself
 * (lab 6's target, whose check the lab can switch off); the Host check applies to every request.
 */
export function hostGuard({ ownOriginCheck = () => false }: { ownOriginCheck?: (ctx: Context) => boolean } = {}): Middleware {
  return async (ctx, next) => {
    const port = ctx.req.socket.localPort;
    const allowedHosts = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
    const host = (ctx.get('Host') || '').toLowerCase();
    if (!allowedHosts.includes(host)) {
      throw new ForbiddenHostError(
        `Host "${host}" is not this server (expected ${allowedHosts.join(' or ')}); other names are refused to stop DNS rebinding`,
      );
    }
    const origin = ctx.get('Origin');
    if (origin && !SAFE_METHODS.has(ctx.method) && !ownOriginCheck(ctx) && !allowedHosts.some((allowed) => origin === `http://${allowed}`)) {
      throw new ForbiddenOriginError(`Origin "${origin}" may not change anything here; only pages served by this server may`);
    }
    await next();
  };
}
