import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { parseUserId, type Accounts, type UserRecord } from '../accounts/accounts.ts';
import { AppError, NotAuthenticatedError } from '../errors.ts';
import type { KeyStore } from '../store/types.ts';
import { JWT_ALGORITHMS, type KeyRing } from './key-ring.ts';
import {
  TokenAccountMismatchError,
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
import { denylistKey, refreshRevokedKey } from './token-keys.ts';
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
  iat: number;
  nbf: number;
  role: 'admin' | 'user';
  /** The key of the account it was issued for (accounts-schema.ts): `sub` alone is a number, this is that account. */
  acct: string;
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
  /** Who a token names: verification refuses a token whose account is gone or is not the one it was issued for. */
  accounts: Pick<Accounts, 'findAccount'>;
}

/** A verified access token and the account it opens. */
export interface VerifiedToken {
  claims: AccessClaims;
  user: UserRecord;
}

/** `acct`: 128 bits in base64url. */
const ACCOUNT_KEY = /^[A-Za-z0-9_-]{22}$/;
/** `jti` and `fam`: UUIDs here; a store key is built from them, so nothing else is read. */
const TOKEN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What is wrong with the claims this server reads beyond jose's own checks (shapes, not signatures), each as
 * `[claim, why]`; empty when they are as this server writes them. Shared by verification and the debugger.
 */
export function claimProblems(payload: JWTPayload): [string, string][] {
  const problems: [string, string][] = [];
  // `sub` as this server writes it: `"1.0"`, `" 1"`, `"0x1"`, `"1e0"` name nobody.
  if (payload.sub !== undefined && parseUserId(payload.sub) === null) problems.push(['sub', `${JSON.stringify(payload.sub)} is not a user id (plain decimal digits)`]);
  for (const claim of ['exp', 'iat', 'nbf'] as const) {
    const value = payload[claim];
    if (value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) problems.push([claim, `${JSON.stringify(value)} is not whole seconds since 1970`]);
  }
  if (payload.jti !== undefined && !(typeof payload.jti === 'string' && TOKEN_ID.test(payload.jti))) problems.push(['jti', 'not a token id of this server']);
  if (payload.role !== 'admin' && payload.role !== 'user') problems.push(['role', 'missing or unknown']);
  if (!(typeof payload.acct === 'string' && ACCOUNT_KEY.test(payload.acct))) problems.push(['acct', 'missing, or not an account key']);
  if (payload.fam !== undefined && !(typeof payload.fam === 'string' && TOKEN_ID.test(payload.fam))) problems.push(['fam', 'not a refresh family of this server']);
  return problems;
}

/** The account a token's claims name, when it still exists and is the one the token was issued for. */
export function accountOf(claims: Pick<AccessClaims, 'sub' | 'acct'>, accounts: Pick<Accounts, 'findAccount'>): UserRecord | undefined {
  const id = parseUserId(claims.sub);
  return id === null ? undefined : accounts.findAccount(id, claims.acct);
}

/**
 * What the denylist has on a token: its jti logged out, its login's refresh family revoked (both looked up at once).
 * Shared by verification and the debugger; only asked while the denylist is on.
 */
export async function revocationsOf(claims: { jti?: unknown; fam?: unknown }, store: KeyStore): Promise<{ loggedOut: boolean; familyRevoked: boolean }> {
  const [loggedOut, familyRevoked] = await Promise.all([
    typeof claims.jti === 'string' ? store.exists(denylistKey(claims.jti)) : false,
    typeof claims.fam === 'string' ? store.exists(refreshRevokedKey(claims.fam)) : false,
  ]);
  return { loggedOut, familyRevoked };
}

/** Signs an access token for `user` with the active key of the current algorithm. */
export async function signAccessToken(user: UserRecord, deps: AccessTokenDeps & { family?: string }): Promise<{ token: string; claims: AccessClaims }> {
  const key = deps.keys.active(deps.settings.algorithm);
  const iat = Math.floor(deps.now() / 1_000);
  const own: Pick<AccessClaims, 'role' | 'acct' | 'fam'> = { role: user.role, acct: user.accountKey, ...(deps.family ? { fam: deps.family } : {}) };
  const claims: AccessClaims = { ...own, sub: String(user.id), jti: randomUUID(), iat, nbf: iat, exp: iat + Math.ceil(deps.settings.accessTtlMs / 1_000) };
  const token = await new SignJWT(own)
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
 * tolerance, the claims it must carry (read strictly), that the account it names still exists, is the one
 * it was issued for (`acct`) and is not disabled, and — when the denylist is on — that neither its jti was
 * logged out nor its login's refresh family revoked.
 */
export async function verifyAccessToken(token: string, deps: AccessTokenDeps): Promise<VerifiedToken> {
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
  const [problem] = claimProblems(payload);
  if (problem) throw new TokenClaimInvalidError(`Claim ${problem[0]}: ${problem[1]}`);
  const claims = payload as AccessClaims;
  const user = accountOf(claims, deps.accounts);
  if (!user) throw new TokenAccountMismatchError(`The account this token was issued for no longer exists: user ${claims.sub} was deleted (its acct names that account, not any other)`);
  if (user.disabled) throw new NotAuthenticatedError('The account behind this token no longer signs in');
  if (deps.settings.denylist === 'on') {
    const { loggedOut, familyRevoked } = await revocationsOf(claims, deps.store);
    if (loggedOut) throw new TokenRevokedError('This token was logged out');
    if (familyRevoked) throw new TokenRevokedError("Its login's refresh tokens were revoked (logout, reuse, or an account change): its access tokens go with them");
  }
  return { claims, user };
}
