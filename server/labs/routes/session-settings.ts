import type Router from '@koa/router';
import { configuredLifetimes, type SessionLifetimes } from '../../auth/session-registry.ts';
import type { Config } from '../../config.ts';
import type { LabWindow } from '../lab-window.ts';
import { parseInput } from '../../validate.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import {
  sessionLifetimesSchema,
  sessionSettingsSchema,
  type SessionSettings,
} from '../../../shared/api/lab-session.ts';
import { createRouter } from '../../routes/router.ts';

function current(lifetimes: SessionLifetimes): SessionSettings {
  return { idleTtlMs: lifetimes.idleTtlMs, absoluteTtlMs: lifetimes.absoluteTtlMs, touchMs: lifetimes.touchMs };
}

/**
 * The cookie session's lifetimes at run time (`GET`, `PUT` a change, `DELETE` back to the config), for the
 * app's own window only (the lab key in its header): they change how long every learner's session lives.
 * New values apply from the next write of a session (its key TTL) and to sessions that begin afterwards
 * (their absolute lifetime).
 */
export function labSessionSettingsRoutes(lifetimes: SessionLifetimes, config: Config, guard: LabWindow): Router {
  const router = createRouter(API_PATHS.labSessionSettings);
  router.use(guard.only('Changing the session lifetimes'));
  router.get('/', (ctx) => {
    ctx.body = current(lifetimes);
  });
  router.put('/', (ctx) => {
    // Checked together: a touch interval as long as the idle TTL would stop a busy session from sliding.
    const next = parseInput(sessionLifetimesSchema, {
      ...current(lifetimes),
      ...parseInput(sessionSettingsSchema.partial(), ctx.request.body),
    });
    Object.assign(lifetimes, next);
    ctx.body = current(lifetimes);
  });
  router.delete('/', (ctx) => {
    Object.assign(lifetimes, current(configuredLifetimes(config)));
    ctx.body = current(lifetimes);
  });
  return router;
}
