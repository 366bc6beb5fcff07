import type Router from '@koa/router';
import type { LabWindow } from '../lab-window.ts';
import type { EvilOrigin } from '../evil-origin.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { createRouter } from '../../routes/router.ts';
import { stealScript } from '../evil-pages.ts';

/**
 * The attacker's server of labs 5 and 6, for the app's own window only (the lab key): `POST
 * /api/v1/lab/evil-origin` starts it (once) and answers its URLs and the source of its script; `GET …/loot` is what its script reported
 * home, `DELETE …/loot` forgets it.
 */
export function labEvilOriginRoutes(evilOrigin: EvilOrigin, guard: LabWindow): Router {
  const router = createRouter(API_PATHS.labEvilOrigin);
  router.use(guard.only('The evil origin'));
  router.post('/', async (ctx) => {
    // Its forged form posts to this server, on the port this request came in on (the Host guard checked it).
    const urls = await evilOrigin.start(`http://127.0.0.1:${ctx.req.socket.localPort}`);
    ctx.body = { ...urls, script: stealScript(urls.url) };
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
