import type Router from '@koa/router';
import { LabKeyRequiredError } from '../errors.ts';
import { LAB_KEY_HEADER, labKeyCheck } from '../inspector/lab-key.ts';
import type { XssSite } from '../lab/xss-site.ts';
import { API_PATHS } from '../../shared/api/paths.ts';
import type { XssSiteResponse } from '../../shared/api/lab-attacks.ts';
import { createRouter } from './router.ts';

/**
 * Lab 5's site, for the app's own window only (the lab key): `POST /api/v1/lab/xss-site` starts it (once) on another
 * loopback port and answers its URL, `GET` says whether it runs, `DELETE` stops it (the lab's reset).
 */
export function labXssSiteRoutes(site: XssSite, labKey: string): Router {
  const holdsLabKey = labKeyCheck(labKey);
  const router = createRouter(API_PATHS.labXssSite);
  router.use(async (ctx, next) => {
    if (!holdsLabKey(ctx)) throw new LabKeyRequiredError(`The lab 5 site is for the app's own window only (${LAB_KEY_HEADER})`);
    await next();
  });
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
