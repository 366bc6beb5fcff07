import type { Context, Middleware } from 'koa';
import { SAFE_METHODS } from '../auth/guards.ts';
import { ForbiddenHostError, ForbiddenOriginError } from '../errors.ts';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

/** This server's own origins on the port a connection came in on: one per loopback name. */
export function ownOrigins(port: number | undefined): string[] {
  return LOOPBACK_NAMES.map((name) => `http://${name}:${port}`);
}

/** What the Host/Origin guard is told: the requests whose route makes its own Origin check. */
export interface HostGuardOptions {
  /** Requests whose route declared that it checks the Origin itself (see RouteExemption); the Host check applies to every request. */
  ownOriginCheck?: (ctx: Context) => boolean;
}

/**
 * The DNS-rebinding and cross-site rule, as a check: the refusal a request gets at the door, or null. The Host
 * header must name the loopback address and the port this very connection arrived on; a state-changing request
 * that carries an Origin must come from that same loopback origin. The guard throws it; the exchange recorder
 * asks it first, so a request refused at the door is never recorded (any page that can reach the port could
 * otherwise fill the exchange log and push the learner's exchanges out).
 */
export function hostCheck({ ownOriginCheck = () => false }: HostGuardOptions = {}): (
  ctx: Context,
) => ForbiddenHostError | ForbiddenOriginError | null {
  // Per port, made once: the check runs twice on every request (the recorder asks, then the guard).
  const hostsByPort = new Map<number | undefined, string[]>();
  return (ctx) => {
    const port = ctx.req.socket.localPort;
    let allowedHosts = hostsByPort.get(port);
    if (!allowedHosts) {
      allowedHosts = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
      hostsByPort.set(port, allowedHosts);
    }
    const host = (ctx.get('Host') || '').toLowerCase();
    if (!allowedHosts.includes(host)) {
      return new ForbiddenHostError(
        `Host "${host}" is not this server (expected ${allowedHosts.join(' or ')}); other names are refused to stop DNS rebinding`,
      );
    }
    const origin = ctx.get('Origin');
    if (origin && !SAFE_METHODS.has(ctx.method) && !ownOriginCheck(ctx) && !ownOrigins(port).includes(origin)) {
      return new ForbiddenOriginError(
        `Origin "${origin}" may not change anything here; only pages served by this server may`,
      );
    }
    return null;
  };
}

/** The guard itself: refuses what {@link hostCheck} refuses (403 `FORBIDDEN_HOST` / `FORBIDDEN_ORIGIN`). */
export function hostGuard(check: (ctx: Context) => Error | null): Middleware {
  return (ctx, next) => {
    const refusal = check(ctx);
    if (refusal) throw refusal;
    return next();
  };
}
