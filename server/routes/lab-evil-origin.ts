import type Router from '@koa/router';
import { LabKeyRequiredError } from '../errors.ts';
import { LAB_KEY_HEADER, labKeyCheck } from '../inspector/lab-key.ts';
import type { EvilOrigin } from '../lab/evil-origin.ts';
import { API_PATHS } from '../../shared/api/paths.ts';
import { createRouter } from './router.ts';

/**
 * The attacker's server of labs 5 and 6, for the app's own window only (the lab key): `POST
 * /api/v1/lab/evil-origin` starts it (once) and answers its URLs; `GET …/loot` is what its script reported
 * home, `DELETE …/loot` forgets it.
 */
export function labEvilOriginRoutes(evilOrigin: EvilOrigin, labKey: string): Router {
  const holdsLabKey = labKeyCheck(labKey);
  const router = createRouter(API_PATHS.labEvilOrigin);
  router.use(async (ctx, next) => {
    if (!holdsLabKey(ctx)) throw new LabKeyRequiredError(`The evil origin is for the app's own window only (${LAB_KEY_HEADER})`);
    await next();
  });
  router.post('/', async (ctx) => {
    // Its forged form posts to this server, on the port this request came in on (the Host guard checked it).
    ctx.body = await evilOrigin.start(`http://127.0.0.1:${ctx.req.socket.localPort}`);
  });
  router.get('/loot', (ctx) => {
    ctx.body = { loot: evilOrigin.loot() };
  });
  router.delete('/loot', (ctx) => {
    evilOrigin.forgetLoot();
    ctx.status = 204;
  });
  return router;
}
