import type Router from '@koa/router';
import { LabKeyRequiredError } from '../errors.ts';
import { LAB_KEY_HEADER, labKeyCheck } from '../inspector/lab-key.ts';
import type { SecondInstance } from '../lab/second-instance.ts';
import { parseInput } from '../validate.ts';
import { API_PATHS } from '../../shared/api/paths.ts';
import { secondInstanceRequestSchema } from '../../shared/api/lab-scale-out.ts';
import { createRouter } from './router.ts';

/**
 * Lab 9's second instance (`PUT {store}` starts or restarts it, `GET` its status, `DELETE` stops it), for the
 * app's own window only (the lab key in its header): it opens another port on this machine.
 */
export function labSecondInstanceRoutes(instance: SecondInstance, labKey: string): Router {
  const holdsLabKey = labKeyCheck(labKey);
  const router = createRouter(API_PATHS.labSecondInstance);
  router.use(async (ctx, next) => {
    if (!holdsLabKey(ctx)) throw new LabKeyRequiredError(`Only the app's own window may start a second instance (${LAB_KEY_HEADER})`);
    await next();
  });
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
