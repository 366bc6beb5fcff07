import { z } from 'zod';

/** Where the server publishes its public keys (the conventional well-known place, outside the API prefix). */
export const JWKS_PATH = '/.well-known/jwks.json';

/** One public JWK as the server publishes it: the fields a client picks a key by, the rest as sent. */
export const publicJwkSchema = z.looseObject({
  kty: z.string(),
  kid: z.string(),
  alg: z.string(),
});

/** `GET /.well-known/jwks.json`: the public keys of the asymmetric algorithms (HS256 secrets never leave). */
export const jwksSchema = z.object({ keys: z.array(publicJwkSchema) });

/** One published public key. */
export type PublicJwk = z.infer<typeof publicJwkSchema>;
/** The answer of `GET /.well-known/jwks.json`. */
export type Jwks = z.infer<typeof jwksSchema>;
