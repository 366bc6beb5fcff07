import type Router from '@koa/router';
import type { LabWindow } from '../lab-window.ts';
import { clearLabKeys } from '../lab-keys.ts';
import type { KeyStore } from '../../store/types.ts';
import { parseInput } from '../../validate.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { clearKeysRequestSchema, LAB_KEY_KINDS } from '../../../shared/api/lab-clear-keys.ts';
import { createRouter } from '../../routes/router.ts';

/**
 * `POST /api/v1/lab/clear-keys {kinds?}`: removes the keys earlier labs and flows left behind (denylist entries,
 * refresh-token families, attempt counters; all three kinds unless `kinds` names some) and says how many, by kind.
 * Live cookie sessions, their users' indexes and the accounts are left alone. The app's own window only: it changes
 * every learner's store. 503 STORE_UNAVAILABLE when the store does not answer.
 */
export function labClearKeysRoutes(store: KeyStore, guard: LabWindow): Router {
  const router = createRouter(API_PATHS.labClearKeys);
  router.post('/', guard.only('Clearing the lab keys'), async (ctx) => {
    const { kinds } = parseInput(clearKeysRequestSchema, ctx.request.body);
    ctx.body = await clearLabKeys(store, kinds ?? LAB_KEY_KINDS);
  });
  return router;
}
