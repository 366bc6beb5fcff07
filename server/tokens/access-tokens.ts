import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import type { UserRecord } from '../accounts/accounts.ts';
import { AppError } from '../errors.ts';
import type { KeyStore } from '../store/types.ts';
import { JWT_ALGORITHMS, type KeyRing } from './key-ring.ts';
import {
  TokenAlgorithmNotAllowedError,
  TokenClaimInvalidError,
  TokenCritUnsupportedError,
  TokenExpiredError,
  TokenHeaderForbiddenError,
  TokenKidUnknownError,
  TokenMalformedError,
  TokenNotYetValidError,
  TokenRevokedError,
  TokenSignatureInvalidError,
  TokenTooLargeError,
} from './token-errors.ts';
import { denylistKey } from './token-keys.ts';
import type { TokenSettings } from './token-settings.ts';

/** `iss` of every access token. */
export const TOKEN_ISSUER = 'session-lab';
/** `aud` of every access token: the API. */
export const TOKEN_AUDIENCE = 'session-lab-api';
/** Larger tokens are refused (400) before anything parses them. */
export const MAX_TOKEN_BYTES = 8 * 1_024;
/** Header parameters that bring a key or a place to fetch one: never fetched, never trusted. */
export const FORBIDDEN_HEADERS = ['jku', 'jwk', 'x5u', 'x5c'] as const;

/** The claims of a verified access token. */
export interface AccessClaims extends JWTPayload {
  sub: string;
  jti: string;
  exp: number;
  role: 'admin' | 'user';
  /** The refresh family of the login, so a logout can revoke it. */
  fam?: string;
}

/** What signing and verifying need. */
export interface AccessTokenDeps {
  keys: KeyRing;
  store: KeyStore;
  settings: TokenSettings;
  clockToleranceMs: number;
  now: () => number;
}

/** Signs an access token for `user` with the active key of the current algorithm. */
export async function signAccessToken(user: UserRecord, deps: AccessTokenDeps & { family?: string }): Promise<{ token: string; claims: AccessClaims }> {
  const key = deps.keys.active(deps.settings.algorithm);
  const iat = Math.floor(deps.now() / 1_000);
  const claims: AccessClaims = { sub: String(user.id), jti: randomUUID(), iat, exp: iat + Math.ceil(deps.settings.accessTtlMs / 1_000), role: user.role };
  if (deps.family) claims.fam = deps.family;
  const token = await new SignJWT(deps.family ? { role: user.role, fam: deps.family } : { role: user.role })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(claims.sub)
    .setJti(claims.jti)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(claims.exp)
    .sign(key.signKey);
  return { token, claims };
}

/** The key a token names, refusing what must never be trusted; shared by verification and the debugger. */
export function keyFor(header: JWTHeaderParameters, keys: KeyRing) {
  const forbidden = FORBIDDEN_HEADERS.filter((name) => name in header);
  if (forbidden.length > 0) throw new TokenHeaderForbiddenError(`The header carries ${forbidden.join(', ')}: keys are never taken from a token`);
  if (!(JWT_ALGORITHMS as readonly string[]).includes(header.alg)) {
    throw new TokenAlgorithmNotAllowedError(`alg "${header.alg}" is not allowed (allowed: ${JWT_ALGORITHMS.join(', ')})`);
  }
  const key = typeof header.kid === 'string' ? keys.byKid(header.kid) : undefined;
  if (!key) throw new TokenKidUnknownError(`kid ${JSON.stringify(header.kid ?? null)} names no key of this server`);
  if (key.alg !== header.alg) {
    throw new TokenAlgorithmNotAllowedError(`kid ${key.kid} is a ${key.alg} key; a token claiming ${header.alg} is refused (algorithm confusion)`);
  }
  return key;
}

/** Maps jose's errors (by their stable code) onto ours; anything else is passed on. */
export function fromJoseError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const { code, claim, message } = error as { code?: string; claim?: string; message: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return new TokenExpiredError(`The token expired (${message})`);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return claim === 'nbf' ? new TokenNotYetValidError(`The token is not valid yet (${message})`) : new TokenClaimInvalidError(`Claim ${claim}: ${message}`);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new TokenSignatureInvalidError('The signature does not match');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new TokenAlgorithmNotAllowedError(message);
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new TokenCritUnsupportedError(message);
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return new TokenMalformedError(`Not a valid compact JWS/JWT: ${message}`);
    default:
      return error;
  }
}

/**
 * Verifies an access token with jose: size, then the header (no key from the token, an allowed alg
 * that is the alg of the key named by kid), signature, iss, aud, exp and nbf with the clock
 * tolerance, the claims it must carry, and — when the denylist is on — that its jti was not logged out.
 */
export async function verifyAccessToken(token: string, deps: AccessTokenDeps): Promise<AccessClaims> {
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) throw new TokenTooLargeError(`A token may be at most ${MAX_TOKEN_BYTES} bytes`);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, (header) => keyFor(header, deps.keys).verifyKey, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: [...JWT_ALGORITHMS],
      clockTolerance: deps.clockToleranceMs / 1_000,
      currentDate: new Date(deps.now()),
      requiredClaims: ['sub', 'jti', 'exp', 'iat', 'nbf'],
      crit: {},
    }));
  } catch (error) {
    throw fromJoseError(error);
  }
  if (payload.role !== 'admin' && payload.role !== 'user') throw new TokenClaimInvalidError('Claim role: missing or unknown');
  const claims = payload as AccessClaims;
  if (deps.settings.denylist === 'on' && (await deps.store.exists(denylistKey(claims.jti)))) {
    throw new TokenRevokedError('This token was logged out');
  }
  return claims;
}
