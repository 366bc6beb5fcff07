import Koa from 'koa';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { hostGuard } from './middleware/host-guard.ts';
import { jsonBody } from './middleware/json-body.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { healthRoutes } from './routes/health.ts';
import { rendererFiles } from './routes/renderer.ts';
import type { KeyStore } from './store/types.ts';

/** Everything the app is built from; nothing is imported as a singleton. */
export interface AppDeps {
  config: Config;
  store: KeyStore;
  /** Why this store was chosen, for /health. */
  storeReason: string;
  logger: Logger;
  version: string;
  /** Where the built renderer lives. */
  rendererDir: string;
  /** The time source (frozen in tests). */
  now?: () => number;
}

/**
 * Builds the Koa app without listening. Order matters: errors are rendered outermost, then the
 * Host/Origin guard, headers, the JSON body reader, the API routes (405 for a known path with another
 * method), and the renderer's files; what nobody answered becomes a JSON 404 in the error handler.
 */
export function createApp(deps: AppDeps): Koa {
  const now = deps.now ?? Date.now;
  const app = new Koa({ proxy: false });
  const api = healthRoutes({ store: deps.store, storeReason: deps.storeReason, version: deps.version, startedAt: now(), now });

  app.use(errorHandler(deps.logger));
  app.use(securityHeaders());
  app.use(hostGuard());
  app.use(jsonBody(deps.config.bodyLimitBytes));
  app.use(api.routes());
  app.use(api.allowedMethods());
  app.use(rendererFiles(deps.rendererDir));
  return app;
}
