import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { CorePlugin } from '../core-app.ts';
import { createRouter } from '../routes/router.ts';
import type { LabsExtension, LabsOptions } from './lab-machinery.ts';
import { LAB_EXEMPTIONS, LAB_ROUTE_TABLE, type LabRoute } from './route-table.ts';

export type { LabsOptions } from './lab-machinery.ts';

/** A router with the given routes, each answered by `handler`. */
function shellRouter(routes: readonly LabRoute[], handler: Middleware): Router {
  const router = createRouter();
  for (const [methods, path] of routes) router.register(path, [...methods], handler);
  return router;
}

/**
 * The labs, as one plug-in of the auth server, built on first use: none of a lab's machinery (its routes' modules,
 * its servers, the JWT target's keys, the load lab) is loaded before the server listens. The plug-in mounts, in the
 * labs' places, routers with the same routes as theirs ({@link LAB_ROUTE_TABLE}: the same paths and methods, so the
 * same routers are reached and the same 405s and Allow headers answered); the first request that reaches one builds
 * the labs ({@link buildLabs} in `lab-machinery.ts`) and every request is handed to the real router, so a lab answers
 * exactly as if it had been built at start. Until then no load run can exist, so the tally counts nothing; the
 * exemptions are declared here, as the routes declare them.
 */
export function labs(options: LabsOptions): CorePlugin {
  return (core) => {
    let built: LabsExtension | undefined;
    let building: Promise<LabsExtension> | undefined;
    const machinery = () =>
      (building ??= import('./lab-machinery.ts').then(({ buildLabs }) => (built = buildLabs(options, core))));
    const shells = (kind: 'routes' | 'authedRoutes') =>
      LAB_ROUTE_TABLE[kind].map((routes, index) => {
        let real: Middleware | undefined;
        return shellRouter(routes, async (ctx, next) => {
          real ??= (await machinery())[kind][index]!.routes() as Middleware;
          return real(ctx, next);
        });
      });
    return {
      routes: shells('routes'),
      authedRoutes: shells('authedRoutes'),
      tally: {
        matches: (ctx) => built?.tally.matches(ctx) ?? false,
        count: (ctx, ms) => built?.tally.count(ctx, ms),
        answer: (ctx, next) => built?.tally.answer?.(ctx, next) ?? next(),
      },
      exemptions: LAB_EXEMPTIONS,
    };
  };
}
