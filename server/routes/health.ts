import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { KeyStore } from '../store/types.ts';
import { API_PATHS } from '../../shared/api/paths.ts';
import type { HealthResponse } from '../../shared/api/health.ts';

/** What /health needs to know. */
export interface HealthDeps {
  store: KeyStore;
  storeReason: string;
  /** The session cookie's name. */
  cookieName: string;
  /** How long a remembered cookie session lasts. */
  rememberMeTtlMs: number;
  version: string;
  startedAt: number;
  now: () => number;
}

/**
 * `GET /api/v1/health`: always 200 so a page can show it, with `status: "degraded"` while the store
 * is unreachable. Reads cached state only, so it answers even during an outage.
 */
export function healthRoutes(deps: HealthDeps): Router {
  const router = createRouter();
  router.get(API_PATHS.health, (ctx) => {
    const store = deps.store.status();
    const body: HealthResponse = {
      status: store.connected ? 'ok' : 'degraded',
      store: {
        kind: store.kind,
        connected: store.connected,
        reason: deps.storeReason,
        expiryEvents: store.expiryEvents,
        lastError: store.lastError,
      },
      version: deps.version,
      uptime: Math.round((deps.now() - deps.startedAt) / 100) / 10,
      cookieName: deps.cookieName,
      rememberMeTtlMs: deps.rememberMeTtlMs,
    };
    ctx.body = body;
  });
  return router;
}
