import type { RouteExemption } from '../core-app.ts';
import { API_PATHS } from '../../shared/api/paths.ts';

/** A route as a lab router registers it: its methods (GET brings HEAD, as in @koa/router) and its path pattern. */
export type LabRoute = readonly [methods: readonly string[], path: string];

/**
 * Every route of the labs' routers, router by router in the order `buildLabs` returns them (`routes`, then
 * `authedRoutes`), known without loading the labs: the plug-in mounts these at start and builds the labs on the first
 * request that reaches one. A lab route added, moved or removed changes this table too;
 * `test/server/labs/lazy-labs.test.ts` compares it with the real routers (`PRINT_LAB_ROUTES=1` prints what it should
 * hold).
 */
export const LAB_ROUTE_TABLE: { routes: (readonly LabRoute[])[]; authedRoutes: (readonly LabRoute[])[] } = {
  routes: [
    // labToolRoutes
    [
      [['GET'], '/api/v1/lab/token-settings'],
      [['PUT'], '/api/v1/lab/token-settings'],
      [['POST'], '/api/v1/lab/keys/rotate'],
      [['POST'], '/api/v1/lab/replay'],
      [['POST'], '/api/v1/lab/plant-session'],
    ],
    // labSessionSettingsRoutes
    [
      [['GET'], '/api/v1/lab/session-settings'],
      [['PUT'], '/api/v1/lab/session-settings'],
      [['DELETE'], '/api/v1/lab/session-settings'],
    ],
    // labStoreOutageRoutes
    [[['POST'], '/api/v1/lab/store-outage']],
    // labCsrfDefenceRoutes
    [
      [['GET'], '/api/v1/lab/csrf/defences'],
      [['PUT'], '/api/v1/lab/csrf/defences'],
      [['DELETE'], '/api/v1/lab/csrf/defences'],
    ],
    // labTokenSizeRoutes
    [[['POST'], '/api/v1/lab/token-size']],
    // labSwitchRoutes
    [
      [['GET'], '/api/v1/lab/switches'],
      [['DELETE'], '/api/v1/lab/switches'],
    ],
    // labClearKeysRoutes
    [[['POST'], '/api/v1/lab/clear-keys']],
    // labSessionEncryptionRoutes
    [
      [['GET'], '/api/v1/lab/session-encryption'],
      [['PUT'], '/api/v1/lab/session-encryption'],
      [['POST'], '/api/v1/lab/session-encryption/rotate'],
    ],
    // labLoadRoutes
    [
      [['GET'], '/api/v1/lab/load'],
      [['POST'], '/api/v1/lab/load'],
      [['DELETE'], '/api/v1/lab/load'],
    ],
    // labSecondInstanceRoutes
    [
      [['GET'], '/api/v1/lab/second-instance'],
      [['PUT'], '/api/v1/lab/second-instance'],
      [['DELETE'], '/api/v1/lab/second-instance'],
    ],
    // labEvilOriginRoutes
    [
      [['POST'], '/api/v1/lab/evil-origin'],
      [['GET'], '/api/v1/lab/evil-origin/loot'],
      [['DELETE'], '/api/v1/lab/evil-origin/loot'],
    ],
    // labXssSiteRoutes
    [
      [['POST'], '/api/v1/lab/xss-site'],
      [['GET'], '/api/v1/lab/xss-site'],
      [['DELETE'], '/api/v1/lab/xss-site'],
    ],
    // labPageRoutes
    [
      [['GET'], '/lab/xss'],
      [['GET'], '/lab/xss-frame'],
      [['GET'], '/lab/csrf-frame'],
    ],
    // labStaleClaimsRoutes
    [
      [['POST'], '/api/v1/lab/stale-claims/role'],
      [['DELETE'], '/api/v1/lab/stale-claims/role'],
    ],
    // labCorsWindowRoutes
    [
      [['GET'], '/api/v1/lab/cors'],
      [['PUT'], '/api/v1/lab/cors'],
      [['DELETE'], '/api/v1/lab/cors'],
      [['POST'], '/api/v1/lab/cors/sites'],
      [['GET'], '/api/v1/lab/cors/reports'],
      [['DELETE'], '/api/v1/lab/cors/reports'],
      [['GET'], '/lab/cors-frame'],
    ],
    // labJwtAttackRoutes, router 1 of 3
    [
      [['GET'], '/api/v1/lab/jwt-attacks'],
      [['PUT'], '/api/v1/lab/jwt-attacks'],
      [['POST'], '/api/v1/lab/jwt-attacks/token'],
      [['GET'], '/api/v1/lab/jwt-attacks/wordlist'],
    ],
    // labJwtAttackRoutes, router 2 of 3
    [[['GET'], '/api/v1/lab/jwt-target']],
    // labJwtAttackRoutes, router 3 of 3
    [[['PUT'], '/api/v1/lab/evil-origin/jwks']],
  ],
  authedRoutes: [
    // labCsrfRoutes
    [[['POST'], '/api/v1/lab/csrf/transfer']],
    // labCorsTargetRoutes
    [
      [['OPTIONS'], '/api/v1/lab/cors/account'],
      [['GET'], '/api/v1/lab/cors/account'],
    ],
  ],
};

/**
 * Lab 6's target's own exceptions to the global guards: a cross-site form must reach it, so it checks the Origin
 * itself (switchably) and takes a form-encoded body.
 */
export const CSRF_TARGET_EXEMPTION: RouteExemption = {
  method: 'POST',
  path: API_PATHS.labCsrfTransfer,
  checksOwnOrigin: true,
  acceptsForm: true,
};

/** The labs' routes' own exceptions to the core's guards. */
export const LAB_EXEMPTIONS: RouteExemption[] = [CSRF_TARGET_EXEMPTION];
