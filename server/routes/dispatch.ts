import type Router from '@koa/router';
import type { Middleware } from 'koa';
import compose from 'koa-compose';
import { BoundedMemo } from '../bounded-memo.ts';

/** How many request paths keep their chain: every route's path, and room for ids in `/users/:id`. */
const PATHS_REMEMBERED = 2_000;

/**
 * Many routers as one middleware. Mounted one after another, every router of the app runs on every request: each
 * reads the Host, tests its routes' patterns, builds a chain and, after the answer, checks the allowed methods, so a
 * request for the last router paid that eight times. Here a request goes through only the routers that have a route
 * on its path (any method), in their order, each with its `allowedMethods()`: the same routers answer, the same 405s
 * and Allow headers, and a path none of them knows goes straight on. A router skipped here had no route the path
 * matched, so it would only have passed the request on. Which routers a path reaches is worked out once per path.
 */
export function dispatch(routers: Router[]): Middleware {
  const mounted = routers.map((router) => ({
    routes: router.stack.filter((layer) => layer.methods.length > 0),
    middleware: compose([router.routes(), router.allowedMethods()]) as Middleware,
  }));
  const chains = new BoundedMemo<Middleware | null>(PATHS_REMEMBERED, (path) => {
    const reached = mounted.filter(({ routes }) => routes.some((layer) => layer.match(path)));
    if (reached.length === 0) return null;
    return reached.length === 1 ? reached[0]!.middleware : compose(reached.map(({ middleware }) => middleware));
  });
  return (ctx, next) => {
    const chain = chains.get(ctx.path);
    return chain ? chain(ctx, next) : next();
  };
}
