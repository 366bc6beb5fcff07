import { z } from 'zod';

/*
 * The JWT attack labs (15–18): the lab's own target route with a switchable naive verifier, the target's own token
 * issuer (a weak HS256 secret, or a per-launch ES256 key pair whose public key is published nowhere), the wordlist
 * the learner cracks the weak secret with, and the key set the evil origin serves for the `jku` attack. The real API
 * verifies every token with its own verifier whatever these switches say.
 */

/** `GET`/`PUT /api/v1/lab/jwt-attacks` (the app's own window only): the two switches, both off at launch. */
export const jwtAttackSwitchesSchema = z.strictObject({
  /**
   * The lab target (`GET /api/v1/lab/jwt-target`) verifies as a careless server would: `alg` from the header, the key
   * from the header's `jwk`, `jku` (the evil origin only) or `kid` (a file path in the lab's own folder). Off: the
   * target verifies exactly as the real API does.
   */
  naiveVerifier: z.boolean(),
  /**
   * The target's issuer signs HS256 with a secret picked at random from the bundled wordlist (picked anew each time
   * the switch turns on). Off: it signs ES256 with its own per-launch P-256 key.
   */
  weakSecret: z.boolean(),
});

/** `PUT /api/v1/lab/jwt-attacks`: either switch or both. */
export const jwtAttackSwitchesPatchSchema = jwtAttackSwitchesSchema.partial();

/** `POST /api/v1/lab/jwt-attacks/token` takes an empty object. */
export const jwtAttackTokenRequestSchema = z.strictObject({});

/**
 * The answer of `POST /api/v1/lab/jwt-attacks/token`: a token for the demo user alice (role `user`, `sub` her user id,
 * a `jti`, `iat`, an `exp` a few minutes out), issued by the lab target's own issuer (never the real API's keys): HS256
 * with the weak secret when `weakSecret` is on, else ES256 (raw r||s signature) with a key whose public half the
 * server publishes nowhere. Two tokens always differ (`iat`/`jti`), so two ES256 signatures recover the public key.
 */
export const jwtAttackTokenSchema = z.object({ token: z.string() });

/**
 * `GET /api/v1/lab/jwt-target` (window only, `Authorization: Bearer <token>`): the lab's "admin panel". Accepted →
 * this; refused → 401 `{error:{code,message}}` with the code of {@link JWT_TARGET_REFUSAL_CODES} (or the real API's
 * `TOKEN_*` code when the naive verifier is off).
 */
export const jwtTargetResponseSchema = z.object({
  /** Which verifier accepted it: `naive` (the switch is on) or `real` (the real API's own). */
  verifier: z.enum(['naive', 'real']),
  /** The token's payload as the verifier accepted it. */
  claims: z.record(z.string(), z.unknown()),
  /** Whether the claims make the bearer an admin (`role: 'admin'`). */
  admin: z.boolean(),
  /**
   * In plain words, which key the verifier used and why, e.g. "took the key from the token's own jwk header" or
   * "used its ES256 public key as an HS256 secret because the header said HS256".
   */
  how: z.string(),
});

/**
 * The codes the naive verifier refuses with (401), besides the real API's `TOKEN_MALFORMED`, `TOKEN_EXPIRED`,
 * `TOKEN_SIGNATURE_INVALID` and `TOKEN_ALG_NOT_ALLOWED` (`alg: none` or an algorithm it does not know: even the naive
 * verifier refuses `none`).
 */
export const JWT_TARGET_REFUSAL_CODES = [
  /** `jku` names a URL outside the evil origin: the lab fetches nothing else. */
  'LAB_JKU_FORBIDDEN',
  /** The `jku` fetch failed: no answer in time, not 200, not a key set, or no usable key in it. */
  'LAB_JKU_FETCH_FAILED',
  /** The header's `jwk` is not a public key the verifier can import for `alg`. */
  'LAB_JWK_INVALID',
  /** `kid` names no file inside the lab's folder (or a directory). */
  'LAB_KID_NOT_FOUND',
] as const;

/**
 * `PUT /api/v1/lab/evil-origin/jwks` (window only): the key set the evil origin serves at `<url>/jwks.json` (it starts
 * the evil origin if it is not running yet).
 */
export const evilJwksRequestSchema = z.strictObject({
  /**
   * Public JWKs only: a key with a private member (`d`, `p`, `q`, `dp`, `dq`, `qi`, or `k` of a symmetric key) is
   * refused with 400 `LAB_JWKS_PRIVATE_KEY`. At most 8 keys.
   */
  keys: z.array(z.record(z.string(), z.unknown())).min(1).max(8),
});

/** The answer of `PUT /api/v1/lab/evil-origin/jwks`: where the evil origin serves the set. */
export const evilJwksResponseSchema = z.object({
  /** `<evil origin url>/jwks.json`, the URL to put in the token's `jku` header. */
  url: z.string(),
});

/** The two switches of the JWT attack labs. */
export type JwtAttackSwitches = z.infer<typeof jwtAttackSwitchesSchema>;
/** A token from the lab target's issuer. */
export type JwtAttackToken = z.infer<typeof jwtAttackTokenSchema>;
/** What the lab target answers a token it accepts with. */
export type JwtTargetResponse = z.infer<typeof jwtTargetResponseSchema>;
/** A code the naive verifier refuses with. */
export type JwtTargetRefusalCode = (typeof JWT_TARGET_REFUSAL_CODES)[number];
/** The body of `PUT /api/v1/lab/evil-origin/jwks`. */
export type EvilJwksRequest = z.infer<typeof evilJwksRequestSchema>;
