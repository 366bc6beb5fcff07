import Router from '@koa/router';

/**
 * Every router of the app. Case-sensitive on purpose: @koa/router matches routes without regard to
 * case by default but its `use()` guards with it, so `/API/V1/USERS` would reach a route past its guard.
 */
export function createRouter(prefix?: string): Router {
  return new Router({ sensitive: true, ...(prefix ? { prefix } : {}) });
}
