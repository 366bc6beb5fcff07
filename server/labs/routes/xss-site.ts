import type Router from '@koa/router';
import type { LabWindow } from '../lab-window.ts';
import type { XssSite } from '../xss-site.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import type { XssSiteResponse } from '../../../shared/api/lab-attacks.ts';
import { createRouter } from '../../routes/router.ts';

/**
 * Lab 5's site, for the app's own window only (the lab key): `POST /api/v1/lab/xss-site` starts it (once) on another
 * loopback port and answers its URL, `GET` says whether it runs, `DELETE` stops it (the lab's reset).
 */
export function labXssSiteRoutes(site: XssSite, guard: LabWindow): Router {
  const router = createRouter(API_PATHS.labXssSite);
  router.use(guard.only('The lab 5 site'));
  router.post('/', async (ctx) => {
    // Framed by the window on the port this request came in on (the Host guard checked it is this server's).
    const body: XssSiteResponse = { url: await site.start(ctx.req.socket.localPort!) };
    ctx.body = body;
  });
  router.get('/', (ctx) => {
    const body: XssSiteResponse = { url: site.url };
    ctx.body = body;
  });
  router.delete('/', async (ctx) => {
    await site.stop();
    ctx.status = 204;
  });
  return router;
}
