import type Router from '@koa/router';
import { LabKeyRequiredError, LabNeedsRedisError } from '../errors.ts';
import { LAB_KEY_HEADER, labKeyCheck } from '../inspector/lab-key.ts';
import type { KeyStore } from '../store/types.ts';
import { parseInput } from '../validate.ts';
import { API_PATHS } from '../../shared/api/paths.ts';
import { storeOutageRequestSchema } from '../../shared/api/lab-outage.ts';
import { createRouter } from './router.ts';

/**
 * `POST /api/v1/lab/store-outage {ms}`: the outage lab takes the store away for real (the app's connection to
 * Redis is closed and kept closed for `ms`; see {@link KeyStore.interrupt}). The app's own window only: it stops every
 * learner's sessions for a while. 409 LAB_NEEDS_REDIS on the embedded store.
 */
export function labStoreOutageRoutes(store: KeyStore, labKey: string, now: () => number): Router {
  const holdsLabKey = labKeyCheck(labKey);
  const router = createRouter(API_PATHS.labStoreOutage);
  router.post('/', async (ctx) => {
    if (!holdsLabKey(ctx)) throw new LabKeyRequiredError(`Only the app's own window may take the store away (${LAB_KEY_HEADER})`);
    const { ms } = parseInput(storeOutageRequestSchema, ctx.request.body);
    if (!store.interrupt) throw new LabNeedsRedisError('The embedded store runs inside the server: there is no store server to take away. Start Session Lab with --store redis for this lab.');
    await store.interrupt(ms);
    ctx.body = { until: now() + ms };
  });
  return router;
}
