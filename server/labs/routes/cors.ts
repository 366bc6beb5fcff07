import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { requireSession } from '../../auth/guards.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { parseInput } from '../../validate.ts';
import { corsPageScript, type CorsSites } from '../cors-sites.ts';
import type { LabWindow } from '../lab-window.ts';
import type { LabSwitchSource } from './switches.ts';
import {
  CORS_FRAME_PATH,
  CORS_LAB_HEADER,
  CORS_POLICY_HEADER,
  corsPolicyBodySchema,
  type CorsMode,
  type CorsPolicy,
} from '../../../shared/api/lab-cors.ts';
import type { ChangedSwitch } from '../../../shared/api/lab-switches.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { createRouter } from '../../routes/router.ts';

/** Lab 14's policy, in memory: `same-origin` at every launch (what the real API does), restored when the lab ends. */
export class CorsLabPolicy implements LabSwitchSource {
  /** The policy now. */
  mode: CorsMode = 'same-origin';

  /** The policy, when it is not the launch's, for the switches' summary. */
  changed(): ChangedSwitch[] {
    return this.mode === 'same-origin'
      ? []
      : [{ group: 'cors-policy', name: "lab 14's CORS policy", now: this.mode, launch: 'same-origin' }];
  }

  /** Back to the launch's policy. */
  restore(): void {
    this.mode = 'same-origin';
  }
}

/** The origin the target lets read its answer under the policy, or null (no Access-Control-Allow-Origin). */
function allowedOrigin(ctx: Context, policy: CorsLabPolicy, sites: CorsSites): string | null {
  const origin = ctx.get('Origin');
  if (!origin) return null;
  // The classic mistake, deliberately: whatever Origin the request names is echoed back, with credentials.
  if (policy.mode === 'reflect') return origin;
  if (policy.mode === 'allowlist' && sites.siteOf(origin) === 'partner') return origin;
  return null;
}

/** The target's CORS headers, on every answer it gives (an error too), before anything else runs. */
function corsHeaders(policy: CorsLabPolicy, sites: CorsSites, preflight: boolean): Middleware {
  return async (ctx, next) => {
    // The answer depends on the Origin: a cache must keep one per Origin.
    ctx.vary('Origin');
    ctx.set(CORS_POLICY_HEADER, policy.mode);
    const allowed = allowedOrigin(ctx, policy, sites);
    if (allowed) {
      ctx.set('Access-Control-Allow-Origin', allowed);
      ctx.set('Access-Control-Allow-Credentials', 'true');
      if (preflight) {
        ctx.set('Access-Control-Allow-Methods', 'GET');
        ctx.set('Access-Control-Allow-Headers', CORS_LAB_HEADER);
        // No caching of the preflight: each run (and each change of the switch) asks again, in the log.
        ctx.set('Access-Control-Max-Age', '0');
      }
    }
    await next();
  };
}

/**
 * Lab 14's target and its switches. `GET /api/v1/lab/cors/account` answers the cookie session's user and a made-up
 * account (the victim's data) under the lab's CORS policy, and its `OPTIONS` preflight answers 204 with the
 * policy's headers; both name the policy in {@link CORS_POLICY_HEADER}. The policy applies to this one route only,
 * never to the rest of the API, which sends no `Access-Control-Allow-Origin` at all. For the app's own window only
 * (the lab key): `GET`/`PUT {mode}`/`DELETE /api/v1/lab/cors` (the policy; also part of the `DELETE
 * /api/v1/lab/switches` restore), `POST …/sites` (starts the partner and attacker pages), `GET`/`DELETE …/reports`
 * (what the pages read: the attacker's is the loot), in {@link labCorsWindowRoutes}.
 */
export function labCorsTargetRoutes(policy: CorsLabPolicy, sites: CorsSites): Router {
  const router = createRouter();
  router.options(API_PATHS.labCorsAccount, corsHeaders(policy, sites, true), (ctx) => {
    ctx.set('Allow', 'GET, OPTIONS');
    ctx.status = 204;
  });
  router.get(API_PATHS.labCorsAccount, corsHeaders(policy, sites, false), requireSession(), (ctx) => {
    const { user } = ctx.state.auth!;
    ctx.body = {
      user: { id: user.id, username: user.username, email: user.email, role: user.role },
      // Made up, and the same for everyone: what a bank's API would answer the signed-in customer.
      account: { number: `SL-${String(100_000 + user.id * 7_919).slice(-6)}`, balance: 1_250 + user.id * 100 },
    };
  });

  return router;
}

/**
 * Lab 14's switches and pages for the app's own window (see {@link labCorsTargetRoutes}), and `GET
 * /lab/cors-frame?site=partner|attacker`, the app's page that frames a site's page.
 */
export function labCorsWindowRoutes(policy: CorsLabPolicy, sites: CorsSites, guard: LabWindow): Router {
  const router = createRouter();
  const answer = (): CorsPolicy => ({
    mode: policy.mode,
    partnerOrigin: sites.origin('partner'),
    attackerOrigin: sites.origin('attacker'),
  });
  const window = guard.only("Lab 14's CORS switches and pages");
  router.get(API_PATHS.labCors, window, (ctx) => {
    ctx.body = answer();
  });
  router.put(API_PATHS.labCors, window, (ctx) => {
    policy.mode = parseInput(corsPolicyBodySchema, ctx.request.body).mode;
    ctx.body = answer();
  });
  router.delete(API_PATHS.labCors, window, (ctx) => {
    policy.restore();
    ctx.body = answer();
  });
  router.post(API_PATHS.labCorsSites, window, async (ctx) => {
    const started = await sites.start(ctx.req.socket.localPort!);
    ctx.body = { ...started, script: corsPageScript('attacker', ctx.req.socket.localPort!) };
  });
  router.get(API_PATHS.labCorsReports, window, (ctx) => {
    ctx.body = { reports: sites.reports() };
  });
  router.delete(API_PATHS.labCorsReports, window, (ctx) => {
    sites.forgetReports();
    ctx.status = 204;
  });

  router.get(CORS_FRAME_PATH, (ctx) => {
    const site = ctx.query.site;
    if (site !== 'partner' && site !== 'attacker') throw new ValidationError('site must be partner or attacker');
    const origin = sites.origin(site);
    if (!origin)
      throw new NotFoundError(`The lab 14 pages are not running: start them first (POST ${API_PATHS.labCorsSites})`);
    // The window's own host name, so the page is the same site as the window and its cookie is sent.
    const host = ctx.hostname === 'localhost' ? 'localhost' : '127.0.0.1';
    const src = origin.replace('127.0.0.1', host);
    ctx.set({
      'Content-Security-Policy': `default-src 'none'; frame-src ${origin} ${origin.replace('127.0.0.1', 'localhost')}; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`,
      'X-Frame-Options': 'SAMEORIGIN',
      'Cache-Control': 'no-store',
    });
    ctx.type = 'html';
    ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lab 14: the ${site}'s page</title></head>
<body><iframe src="${src}/" title="The ${site}'s page, on ${src}" width="100%" height="130"></iframe>
</body></html>`;
  });
  return router;
}
