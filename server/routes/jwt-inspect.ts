import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { AuthServices } from '../auth/auth-services.ts';
import { inspectToken } from '../tokens/inspect-token.ts';
import { parseInput } from '../validate.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { jwtInspectSchema } from '../../shared/api/tokens.ts';

/** `POST /api/v1/jwt/inspect {token, key?}`: the JWT debugger's view of a token. Needs no credential, like jwt.io. */
export function jwtInspectRoutes(services: AuthServices): Router {
  const router = createRouter(API_PREFIX);
  router.post('/jwt/inspect', async (ctx) => {
    const { token, key } = parseInput(jwtInspectSchema, ctx.request.body);
    ctx.body = await inspectToken(token, key, services.tokens.accessDeps);
  });
  return router;
}
