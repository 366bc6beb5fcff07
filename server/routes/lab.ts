import Router from '@koa/router';
import type { AuthServices } from '../auth/auth-services.ts';
import { checkCsrf } from '../auth/guards.ts';
import { ForbiddenError } from '../errors.ts';
import { JWT_ALGORITHMS } from '../tokens/key-ring.ts';
import { parseInput } from '../validate.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { tokenSettingsSchema } from '../../shared/api/tokens.ts';
import type { Middleware } from 'koa';
import { requireAnyCredential } from './whoami.ts';

/** Any signed-in learner may flip the lab's switches; a cookie-carried credential needs its CSRF token. */
function labAccess(): Middleware {
  return async (ctx, next) => {
    // A Bearer header cannot be sent by another site; a cookie (session or token) can, so it needs the CSRF check.
    const token = ctx.state.token;
    const csrf = token ? (token.via === 'cookie' ? token.csrfToken : undefined) : ctx.state.auth!.csrfToken;
    if (csrf !== undefined) checkCsrf(ctx, csrf);
    await next();
  };
}

/**
 * The lab's switches for the token half (`GET/PUT /api/v1/lab/token-settings`) and key rotation
 * (`POST /api/v1/lab/keys/rotate`, admins only). The switches live in memory: a restart returns to the config.
 */
export function labRoutes(services: AuthServices): Router {
  const { tokens, config } = services;
  const router = new Router({ prefix: `${API_PREFIX}/lab` });
  router.use(requireAnyCredential(), labAccess());

  router.get('/token-settings', (ctx) => {
    ctx.body = tokens.settings;
  });

  router.put('/token-settings', (ctx) => {
    Object.assign(tokens.settings, parseInput(tokenSettingsSchema.partial(), ctx.request.body));
    ctx.body = tokens.settings;
  });

  router.post('/keys/rotate', async (ctx) => {
    if ((ctx.state.token?.user ?? ctx.state.auth!.user).role !== 'admin') throw new ForbiddenError('Only an admin may rotate keys');
    const alg = parseInput(tokenSettingsSchema.pick({ algorithm: true }).partial(), ctx.request.body).algorithm ?? tokens.settings.algorithm;
    // A retired key keeps verifying for as long as a token it signed can live.
    const key = await tokens.keys.rotate(alg, Math.max(config.accessTokenTtlMs, tokens.settings.accessTtlMs) + config.clockToleranceMs);
    ctx.body = { kid: key.kid, alg: key.alg, keys: tokens.keys.all().map(({ kid, alg: a, createdAt, retiredAt }) => ({ kid, alg: a, createdAt, retiredAt })), algorithms: JWT_ALGORITHMS };
  });

  return router;
}
