import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Config } from '../../config.ts';
import { CsrfError, ForbiddenOriginError } from '../../errors.ts';
import type { LabWindow } from '../lab-window.ts';
import { parseInput } from '../../validate.ts';
import { requireSession, sameSecret } from '../../auth/guards.ts';
import { ownOrigins } from '../../middleware/host-guard.ts';
import { csrfDefencesSchema, csrfTransferSchema, type CsrfDefences } from '../../../shared/api/lab-attacks.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { CSRF_HEADER } from '../../../shared/api/session.ts';
import { createRouter } from '../../routes/router.ts';

/** The CSRF target's defences as every launch starts them: both on. */
export const CSRF_DEFENCES_AT_LAUNCH: Readonly<CsrfDefences> = { originCheck: true, csrfToken: true };

/** Whether a request says it comes from this very server (Origin, else Referer's origin), on either loopback name. */
function fromThisServer(ctx: Context): boolean {
  let origin = ctx.get('Origin');
  if (!origin && ctx.get('Referer')) {
    try {
      origin = new URL(ctx.get('Referer')).origin;
    } catch {
      origin = '';
    }
  }
  return ownOrigins(ctx.req.socket.localPort).includes(origin);
}

/**
 * Lab 6's target, `POST /api/v1/lab/csrf/transfer` (a form-encoded body: the one route that takes a form, so a
 * plain HTML form on another origin can reach it): it needs the cookie session, then applies two switchable
 * defences in order, the Origin check (403 FORBIDDEN_ORIGIN) and the CSRF token (403 CSRF_FAILED); it
 * moves nothing and answers what it would have done. The host guard leaves this path's Origin check to it
 * (`CSRF_TARGET_EXEMPTION`, beside the labs' route table).
 * Its switches are {@link labCsrfDefenceRoutes}. The cookie's SameSite is the config's: SameSite=None needs Secure,
 * which plain HTTP cannot have.
 */
export function labCsrfRoutes(config: Config, defences: CsrfDefences): Router {
  const router = createRouter();

  router.post(API_PATHS.labCsrfTransfer, requireSession(), (ctx) => {
    const auth = ctx.state.auth!;
    if (defences.originCheck && !fromThisServer(ctx)) {
      throw new ForbiddenOriginError(
        `Origin "${ctx.get('Origin') || 'none'}" is not this server: the Origin check refused the transfer`,
      );
    }
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (defences.csrfToken) {
      const given = ctx.get(CSRF_HEADER) || (typeof body.csrf_token === 'string' ? body.csrf_token : '');
      if (!sameSecret(given, auth.csrfToken))
        throw new CsrfError(
          `The transfer needs the session's CSRF token (${CSRF_HEADER} or the csrf_token field), which another site cannot read`,
        );
    }
    const { to, amount } = parseInput(csrfTransferSchema, body);
    ctx.body = {
      transferred: { from: auth.user.username, to, amount: Number(amount) },
      defences: { ...defences, sameSite: config.cookieSameSite },
    };
  });
  return router;
}

/**
 * The CSRF lab's switches (`GET`/`PUT`/`DELETE /api/v1/lab/csrf/defences`, in memory), for the app's own window only:
 * they read no session (the window's cookie is the target's business, not theirs).
 */
export function labCsrfDefenceRoutes(config: Config, guard: LabWindow, defences: CsrfDefences): Router {
  const answer = () => ({ ...defences, sameSite: config.cookieSameSite });
  const switches = createRouter(API_PATHS.labCsrfDefences);
  switches.use(guard.only("Switching the CSRF lab's defences"));
  switches.get('/', (ctx) => {
    ctx.body = answer();
  });
  switches.put('/', (ctx) => {
    Object.assign(defences, parseInput(csrfDefencesSchema.partial(), ctx.request.body));
    ctx.body = answer();
  });
  switches.delete('/', (ctx) => {
    Object.assign(defences, CSRF_DEFENCES_AT_LAUNCH);
    ctx.body = answer();
  });
  return switches;
}
