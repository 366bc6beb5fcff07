import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { parseUserId, type Accounts, type UserRecord } from '../accounts/accounts.ts';
import { type AppError, NotAuthenticatedError } from '../errors.ts';
import type { KeyStore } from '../store/types.ts';
import { JWT_ALGORITHMS, type KeyRing, type SigningKey } from './key-ring.ts';
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

// Every reason this server refuses an access token, written once. Verification (access-tokens.ts) stops at the first
// reason of each group, in the order below, and throws it; the JWT debugger (inspect-token.ts) lists them all, in the
// same order, so its first reason is what verification answers. jose does the cryptography and reads the compact form.

/** `iss` of every access token. */
export const TOKEN_ISSUER = 'session-lab';
/** `aud` of every access token: the API. */
export const TOKEN_AUDIENCE = 'session-lab-api';
/** Larger tokens are refused (400) before anything parses them. */
export const MAX_TOKEN_BYTES = 8 * 1_024;
/** Header parameters that bring a key or a place to fetch one: never fetched, never trusted. */
export const FORBIDDEN_HEADERS = ['jku', 'jwk', 'x5u', 'x5c'] as const;
/** The claims every access token carries. */
export const REQUIRED_CLAIMS = ['sub', 'jti', 'exp', 'iat', 'nbf'] as const;

const REFUSALS = {
  TOKEN_TOO_LARGE: TokenTooLargeError,
  TOKEN_MALFORMED: TokenMalformedError,
  TOKEN_CRIT_UNSUPPORTED: TokenCritUnsupportedError,
  TOKEN_ALG_NOT_ALLOWED: TokenAlgorithmNotAllowedError,
  TOKEN_HEADER_FORBIDDEN: TokenHeaderForbiddenError,
  TOKEN_KID_UNKNOWN: TokenKidUnknownError,
  TOKEN_SIGNATURE_INVALID: TokenSignatureInvalidError,
  TOKEN_EXPIRED: TokenExpiredError,
  TOKEN_NOT_YET_VALID: TokenNotYetValidError,
  TOKEN_CLAIM_INVALID: TokenClaimInvalidError,
  TOKEN_ACCOUNT_MISMATCH: TokenAccountMismatchError,
  NOT_AUTHENTICATED: NotAuthenticatedError,
  TOKEN_REVOKED: TokenRevokedError,
} as const;

/** The code of one refusal (each is an error class with that stable code, see token-errors.ts). */
export type RefusalCode = keyof typeof REFUSALS;

/** One reason this server refuses a token. */
export interface Refusal {
  code: RefusalCode;
  message: string;
}

/** The error verification throws for a refusal. */
export function refusalError({ code, message }: Refusal): AppError {
  return new REFUSALS[code](message);
}

/** A compact JWT: three base64url segments (the signature's may be empty, as alg none's is), separated by dots. */
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

/** The form's rules, first of all: nothing parses a token over the limit, or one that is not a compact JWT. */
export function formRefusals(token: string): Refusal[] {
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES)
    return [{ code: 'TOKEN_TOO_LARGE', message: `A token may be at most ${MAX_TOKEN_BYTES} bytes` }];
  return COMPACT.test(token)
    ? []
    : [{ code: 'TOKEN_MALFORMED', message: 'A token is a compact JWT: three base64url segments separated by dots' }];
}

/**
 * The header's rules, and the key it names when it names one of this server's keys for its own algorithm. In jose's
 * order (crit, then alg), then the key lookup: no key from the token, a kid of this server, the kid's own algorithm.
 */
export function headerRefusals(
  header: ProtectedHeaderParameters,
  keys: KeyRing,
): { refusals: Refusal[]; key: SigningKey | undefined } {
  const refusals: Refusal[] = [];
  const refuse = (code: RefusalCode, message: string) => refusals.push({ code, message });
  if (header.crit !== undefined) {
    const names: unknown = header.crit;
    if (!Array.isArray(names) || names.length === 0 || names.some((name) => typeof name !== 'string' || name === '')) {
      refuse('TOKEN_MALFORMED', '"crit" must be an array of non-empty strings');
    } else {
      const unknown = names.filter((name) => name !== 'b64');
      if (unknown.length > 0)
        refuse(
          'TOKEN_CRIT_UNSUPPORTED',
          `crit names ${JSON.stringify(unknown)}, which this server does not understand`,
        );
      else if (header.b64 !== true) refuse('TOKEN_MALFORMED', 'A JWT must not use an unencoded payload (b64)');
    }
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || alg === '') refuse('TOKEN_MALFORMED', 'The header has no alg');
  else if (!(JWT_ALGORITHMS as readonly string[]).includes(alg))
    refuse('TOKEN_ALG_NOT_ALLOWED', `alg "${alg}" is not allowed (allowed: ${JWT_ALGORITHMS.join(', ')})`);
  const forbidden = FORBIDDEN_HEADERS.filter((name) => name in header);
  if (forbidden.length > 0)
    refuse(
      'TOKEN_HEADER_FORBIDDEN',
      `The header carries ${forbidden.join(', ')}: keys are never taken from a token, nor fetched`,
    );
  const named = typeof header.kid === 'string' ? keys.byKid(header.kid) : undefined;
  if (!named)
    refuse(
      'TOKEN_KID_UNKNOWN',
      header.kid === undefined
        ? "The header has no kid: this server's tokens always name the key that signed them"
        : `kid ${JSON.stringify(header.kid)} names no key of this server`,
    );
  else if (named.alg !== alg)
    refuse(
      'TOKEN_ALG_NOT_ALLOWED',
      `kid ${named.kid} is a ${named.alg} key; a token claiming ${String(alg)} is refused (algorithm confusion)`,
    );
  return { refusals, key: named && named.alg === alg ? named : undefined };
}

const decoder = new TextDecoder();

/** A JSON object from bytes, or what it is instead. */
function jsonObjectOf(bytes: Uint8Array): Record<string, unknown> | 'not JSON' | 'not an object' {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    return 'not JSON';
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : 'not an object';
}

/** The header's first rule: its segment is a JSON object. Answers the header, or the refusal. */
export function headerOf(
  token: string,
): { header: ProtectedHeaderParameters; refusals: [] } | { header: null; refusals: [Refusal] } {
  const header = jsonObjectOf(Buffer.from(token.split('.')[0] ?? '', 'base64url'));
  if (typeof header === 'string') {
    return { header: null, refusals: [{ code: 'TOKEN_MALFORMED', message: 'The header is not a JSON object' }] };
  }
  return { header: header as ProtectedHeaderParameters, refusals: [] };
}

/** The claims set's rule: the payload is a JSON object. Answers the claims, or the refusal. */
export function claimsSetOf(
  payload: Uint8Array,
): { claims: JWTPayload; refusals: [] } | { claims: null; refusals: [Refusal] } {
  const claims = jsonObjectOf(payload);
  if (claims === 'not JSON') {
    return { claims: null, refusals: [{ code: 'TOKEN_MALFORMED', message: 'The payload is not JSON' }] };
  }
  if (claims === 'not an object') {
    return { claims: null, refusals: [{ code: 'TOKEN_MALFORMED', message: 'The claims set must be a JSON object' }] };
  }
  return { claims: claims as JWTPayload, refusals: [] };
}

/** The signature rule (checked by jose with the key {@link headerRefusals} found). */
export const SIGNATURE_REFUSAL: Refusal = {
  code: 'TOKEN_SIGNATURE_INVALID',
  message: 'The signature does not match the server key named by kid',
};

/** `acct`: 128 bits in base64url. */
const ACCOUNT_KEY = /^[A-Za-z0-9_-]{22}$/;
/** `jti` and `fam`: UUIDs here; a store key is built from them, so nothing else is read. */
const TOKEN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What is wrong with the claims this server reads beyond the registered ones' rules (shapes, not signatures), each as
 * `[claim, why]`; empty when they are as this server writes them.
 */
export function claimProblems(payload: JWTPayload): [string, string][] {
  const problems: [string, string][] = [];
  // `sub` as this server writes it: `"1.0"`, `" 1"`, `"0x1"`, `"1e0"` name nobody.
  if (payload.sub !== undefined && parseUserId(payload.sub) === null)
    problems.push(['sub', `${JSON.stringify(payload.sub)} is not a user id (plain decimal digits)`]);
  for (const claim of ['exp', 'iat', 'nbf'] as const) {
    const value = payload[claim];
    if (value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0))
      problems.push([claim, `${JSON.stringify(value)} is not whole seconds since 1970`]);
  }
  if (payload.jti !== undefined && !(typeof payload.jti === 'string' && TOKEN_ID.test(payload.jti)))
    problems.push(['jti', 'not a token id of this server']);
  if (payload.role !== 'admin' && payload.role !== 'user') problems.push(['role', 'missing or unknown']);
  if (!(typeof payload.acct === 'string' && ACCOUNT_KEY.test(payload.acct)))
    problems.push(['acct', 'missing, or not an account key']);
  if (payload.fam !== undefined && !(typeof payload.fam === 'string' && TOKEN_ID.test(payload.fam)))
    problems.push(['fam', 'not a refresh family of this server']);
  return problems;
}

/**
 * The claims' rules, at `nowMs` with the clock tolerance: present, this issuer and audience, `iat` a number, not before
 * `nbf`, not after `exp`, then the shapes of {@link claimProblems}.
 */
export function claimRefusals(payload: JWTPayload, nowMs: number, clockToleranceMs: number): Refusal[] {
  const refusals: Refusal[] = [];
  const invalid = (message: string) => refusals.push({ code: 'TOKEN_CLAIM_INVALID', message });
  const now = Math.floor(nowMs / 1_000);
  const tolerance = clockToleranceMs / 1_000;
  for (const claim of [...REQUIRED_CLAIMS, 'iss', 'aud'] as const)
    if (payload[claim] === undefined) invalid(`Claim ${claim} is missing`);
  if (payload.iss !== undefined && payload.iss !== TOKEN_ISSUER)
    invalid(`Claim iss is ${JSON.stringify(payload.iss)}, not "${TOKEN_ISSUER}"`);
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (payload.aud !== undefined && !audiences.includes(TOKEN_AUDIENCE))
    invalid(`Claim aud is ${JSON.stringify(payload.aud)}, not "${TOKEN_AUDIENCE}"`);
  if (payload.iat !== undefined && typeof payload.iat !== 'number') invalid('Claim iat must be a number');
  if (typeof payload.nbf === 'number' && payload.nbf > now + tolerance)
    refusals.push({
      code: 'TOKEN_NOT_YET_VALID',
      message: `The token is not valid yet: nbf is ${Math.round(payload.nbf - now)} s ahead`,
    });
  if (typeof payload.exp === 'number' && payload.exp <= now - tolerance)
    refusals.push({
      code: 'TOKEN_EXPIRED',
      message: `The token expired: exp was ${Math.round(now - payload.exp)} s ago`,
    });
  for (const [claim, why] of claimProblems(payload)) invalid(`Claim ${claim}: ${why}`);
  return refusals;
}

/** The account a token's claims name, when it still exists and is the one the token was issued for. */
export function accountOf(
  claims: Pick<JWTPayload, 'sub'> & { acct?: unknown },
  accounts: Pick<Accounts, 'findAccount'>,
): UserRecord | undefined {
  const id = parseUserId(claims.sub);
  return id === null || typeof claims.acct !== 'string' ? undefined : accounts.findAccount(id, claims.acct);
}

/** The account's rules: it exists, is the one the token was issued for (`acct`), and still signs in. */
export function accountRefusals(
  claims: Pick<JWTPayload, 'sub'> & { acct?: unknown },
  accounts: Pick<Accounts, 'findAccount'>,
): { refusals: Refusal[]; user: UserRecord | undefined } {
  const user = accountOf(claims, accounts);
  if (!user) {
    return {
      refusals: [
        {
          code: 'TOKEN_ACCOUNT_MISMATCH',
          message: `The account this token was issued for no longer exists: user ${String(claims.sub)} was deleted, or its acct names another account`,
        },
      ],
      user,
    };
  }
  return {
    refusals: user.disabled
      ? [{ code: 'NOT_AUTHENTICATED', message: 'The account behind this token no longer signs in (it is disabled)' }]
      : [],
    user,
  };
}

/**
 * The denylist's rules (only while it is on): its jti was not logged out, its login's refresh family was not revoked.
 * Both are looked up at once.
 */
export async function revocationRefusals(
  claims: { jti?: unknown; fam?: unknown },
  store: KeyStore,
): Promise<Refusal[]> {
  const [loggedOut, familyRevoked] = await Promise.all([
    typeof claims.jti === 'string' ? store.exists(denylistKey(claims.jti)) : false,
    typeof claims.fam === 'string' ? store.exists(refreshRevokedKey(claims.fam)) : false,
  ]);
  const refusals: Refusal[] = [];
  if (loggedOut)
    refusals.push({ code: 'TOKEN_REVOKED', message: 'This token was logged out: its jti is on the denylist' });
  if (familyRevoked)
    refusals.push({
      code: 'TOKEN_REVOKED',
      message:
        "Its login's refresh tokens were revoked (logout, reuse, or an account change): its access tokens go with them",
    });
  return refusals;
}
