import type Router from '@koa/router';
import { LabNeedsRedisError, LabOutageRunningError, StoreAlreadyInterruptedError } from '../../errors.ts';
import type { LabWindow } from '../lab-window.ts';
import { outageOf, type KeyStore } from '../../store/types.ts';
import { parseInput } from '../../validate.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { storeOutageRequestSchema } from '../../../shared/api/lab-outage.ts';
import { createRouter } from '../../routes/router.ts';

/**
 * `POST /api/v1/lab/store-outage {ms}`: the outage lab takes the store away for real (the app's connection to
 * Redis is closed and kept closed for `ms`; see {@link OutageCapable}). The app's own window only: it stops every
 * learner's sessions for a while. 409 LAB_NEEDS_REDIS on the embedded store and on a cluster; 409 LAB_OUTAGE_RUNNING
 * while one lasts.
 */
export function labStoreOutageRoutes(store: KeyStore, guard: LabWindow, now: () => number): Router {
  const router = createRouter(API_PATHS.labStoreOutage);
  router.post('/', guard.only('Taking the store away'), async (ctx) => {
    const { ms } = parseInput(storeOutageRequestSchema, ctx.request.body);
    const outage = outageOf(store);
    if (!outage) {
      throw new LabNeedsRedisError(
        store.kind === 'redis'
          ? "The outage lab closes the app's one connection to Redis; a cluster client holds one per master. Run it on a single redis-server."
          : 'The embedded store runs inside the server: there is no store server to take away. Start Session Lab with --store redis for this lab.',
      );
    }
    try {
      await outage.interrupt(ms, 'the outage lab');
    } catch (error) {
      if (!(error instanceof StoreAlreadyInterruptedError)) throw error;
      throw new LabOutageRunningError(
        `Redis is already taken away, for ${(error.remainingMs / 1_000).toFixed(1)} s more: one outage at a time. Wait for the store to come back, then take it away again.`,
      );
    }
    ctx.body = { until: now() + ms };
  });
  return router;
}
