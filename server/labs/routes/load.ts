import type Router from '@koa/router';
import type { LabWindow } from '../lab-window.ts';
import type { LoadLab } from '../load-run.ts';
import { parseInput } from '../../validate.ts';
import { loadRequestSchema } from '../../../shared/api/lab-load.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { createRouter } from '../../routes/router.ts';

/**
 * Lab 12's load (`POST /api/v1/lab/load {users, seconds, target}` starts a run, `GET` its status, `DELETE`
 * stops it), for the app's own window only (the lab key in its header): a run takes the server's CPU from
 * every learner. 409 LAB_LOAD_RUNNING while a run is under way. The run goes to the port this request came
 * in on, which the Host guard has checked is this server's.
 */
export function labLoadRoutes(load: LoadLab, guard: LabWindow): Router {
  const router = createRouter(API_PATHS.labLoad);
  router.use(guard.only('A load run'));
  router.get('/', (ctx) => {
    ctx.body = load.status();
  });
  router.post('/', async (ctx) => {
    ctx.body = await load.start(parseInput(loadRequestSchema, ctx.request.body), ctx.req.socket.localPort!);
  });
  router.delete('/', async (ctx) => {
    ctx.body = await load.stop();
  });
  return router;
}
