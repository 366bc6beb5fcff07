import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { KeyRing } from '../tokens/key-ring.ts';

/** `GET /.well-known/jwks.json`: the public keys of the asymmetric algorithms (HS256 secrets never leave). */
export function jwksRoutes(keys: KeyRing): Router {
  const router = createRouter();
  router.get('/.well-known/jwks.json', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { keys: keys.all().flatMap((key) => (key.publicJwk ? [key.publicJwk] : [])) };
  });
  return router;
}
