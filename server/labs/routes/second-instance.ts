import type Router from '@koa/router';
import type { LabWindow } from '../lab-window.ts';
import type { SecondInstance } from '../second-instance.ts';
import { parseInput } from '../../validate.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { secondInstanceRequestSchema } from '../../../shared/api/lab-scale-out.ts';
import { createRouter } from '../../routes/router.ts';

/**
 * Lab 9's second instance (`PUT {store}` starts or restarts it, `GET` its status, `DELETE` stops it), for the
 * app's own window only (the lab key in its header): it opens another port on this machine.
 */
export function labSecondInstanceRoutes(instance: SecondInstance, guard: LabWindow): Router {
  const router = createRouter(API_PATHS.labSecondInstance);
  router.use(guard.only('The second instance'));
  router.get('/', (ctx) => {
    ctx.body = instance.status();
  });
  router.put('/', async (ctx) => {
    ctx.body = await instance.start(parseInput(secondInstanceRequestSchema, ctx.request.body).store);
  });
  router.delete('/', async (ctx) => {
    ctx.body = await instance.stop();
  });
  return router;
}
