import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type CryptoKey, type JWK, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { AppError, ValidationError } from '../errors.ts';
import {
  FORBIDDEN_HEADERS,
  MAX_TOKEN_BYTES,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  accountOf,
  claimProblems,
  revocationsOf,
  verifyAccessToken,
  type AccessClaims,
  type AccessTokenDeps,
} from './access-tokens.ts';
import { JWT_ALGORITHMS } from './key-ring.ts';

/** One reason this server would refuse a token. */
export interface RefusalReason {
  code: string;
  message: string;
}

/** What the JWT debugger shows about a token. */
export interface TokenInspection {
  header: ProtectedHeaderParameters | null;
  payload: JWTPayload | null;
  /** `valid`/`invalid` against the server's key named by kid (or the key supplied), `unchecked` when there is none to check with. */
  signature: { verdict: 'valid' | 'invalid' | 'unchecked'; checkedWith: string | null };
  /** Every reason this server would refuse the token, not only the first. */
  reasons: RefusalReason[];
  /** What the server's own verification (the one every request goes through) answers. */
  verdict: { accepted: true } | { accepted: false; code: string; message: string };
}

const IMPORTABLE_KTY = new Set(['oct', 'EC', 'OKP']);

/** A key the learner supplies: an HS secret as text, or a public JWK of the kinds the server uses; anything else is a 400. */
async function suppliedKey(key: string | Record<string, unknown>, alg: string): Promise<CryptoKey | Uint8Array> {
  if (typeof key === 'string') return new TextEncoder().encode(key);
  if (!IMPORTABLE_KTY.has(String(key.kty)) || 'd' in key) throw new ValidationError('key: a public JWK of kty EC or OKP, or an oct JWK, or an HS256 secret as text');
  try {
    return (await importJWK(key as JWK, alg)) as CryptoKey;
  } catch (error) {
    throw new ValidationError(`key: it could not be imported for ${alg} (${(error as Error).message})`);
  }
}

/**
 * Decodes a token with jose's helpers and lists every reason it would be refused, then runs the real
 * verification for the verdict. Signature checks use the server's key named by kid, or a key the
 * learner supplies (an HS256 secret as text, or a public JWK) to see what a weak secret would allow.
 */
export async function inspectToken(token: string, suppliedKeyInput: string | Record<string, unknown> | undefined, deps: AccessTokenDeps): Promise<TokenInspection> {
  const reasons: RefusalReason[] = [];
  const refuse = (code: string, message: string) => reasons.push({ code, message });
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) refuse('TOKEN_TOO_LARGE', `Over ${MAX_TOKEN_BYTES} bytes`);
  let header: ProtectedHeaderParameters | null = null;
  let payload: JWTPayload | null = null;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch (error) {
    refuse('TOKEN_MALFORMED', (error as Error).message);
  }
  const signature: TokenInspection['signature'] = { verdict: 'unchecked', checkedWith: null };
  if (header) {
    const forbidden = FORBIDDEN_HEADERS.filter((name) => name in header!);
    if (forbidden.length > 0) refuse('TOKEN_HEADER_FORBIDDEN', `Header carries ${forbidden.join(', ')}: never fetched, never trusted`);
    if (header.crit) refuse('TOKEN_CRIT_UNSUPPORTED', `crit names ${JSON.stringify(header.crit)}, which this server does not understand`);
    const alg = String(header.alg);
    if (!(JWT_ALGORITHMS as readonly string[]).includes(alg)) refuse('TOKEN_ALG_NOT_ALLOWED', `alg "${alg}" is not in the allowlist ${JWT_ALGORITHMS.join(', ')}`);
    const key = typeof header.kid === 'string' ? deps.keys.byKid(header.kid) : undefined;
    if (!key) refuse('TOKEN_KID_UNKNOWN', `kid ${JSON.stringify(header.kid ?? null)} names no key of this server`);
    else if (key.alg !== alg) refuse('TOKEN_ALG_NOT_ALLOWED', `kid ${key.kid} is a ${key.alg} key; the token claims ${alg} (algorithm confusion)`);
    const verifyWith = suppliedKeyInput !== undefined ? { key: await suppliedKey(suppliedKeyInput, alg), name: 'the key you supplied' } : key && key.alg === alg ? { key: key.verifyKey, name: `server key ${key.kid}` } : null;
    if (verifyWith && alg !== 'none') {
      signature.checkedWith = verifyWith.name;
      try {
        await compactVerify(token, verifyWith.key, { algorithms: [alg], crit: header.crit ? Object.fromEntries(header.crit.map((name) => [name, false])) : {} });
        signature.verdict = 'valid';
      } catch {
        signature.verdict = 'invalid';
        if (suppliedKeyInput === undefined) refuse('TOKEN_SIGNATURE_INVALID', 'The signature does not match the server key named by kid');
      }
    }
  }
  if (payload) {
    const now = deps.now() / 1_000;
    const tolerance = deps.clockToleranceMs / 1_000;
    for (const claim of ['sub', 'jti', 'exp', 'iat', 'nbf'] as const) if (payload[claim] === undefined) refuse('TOKEN_CLAIM_INVALID', `Claim ${claim} is missing`);
    if (typeof payload.exp === 'number' && payload.exp <= now - tolerance) refuse('TOKEN_EXPIRED', `exp was ${Math.round(now - payload.exp)} s ago`);
    if (typeof payload.nbf === 'number' && payload.nbf > now + tolerance) refuse('TOKEN_NOT_YET_VALID', `nbf is ${Math.round(payload.nbf - now)} s ahead`);
    if (payload.iss !== TOKEN_ISSUER) refuse('TOKEN_CLAIM_INVALID', `iss is ${JSON.stringify(payload.iss ?? null)}, not "${TOKEN_ISSUER}"`);
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(TOKEN_AUDIENCE)) refuse('TOKEN_CLAIM_INVALID', `aud is ${JSON.stringify(payload.aud ?? null)}, not "${TOKEN_AUDIENCE}"`);
    const problems = claimProblems(payload);
    for (const [claim, why] of problems) refuse('TOKEN_CLAIM_INVALID', `Claim ${claim}: ${why}`);
    if (problems.length === 0) {
      const user = accountOf(payload as AccessClaims, deps.accounts);
      if (!user) refuse('TOKEN_ACCOUNT_MISMATCH', `Its acct names no live account with id ${String(payload.sub)}: deleted, or another account now`);
      else if (user.disabled) refuse('NOT_AUTHENTICATED', 'Its account is disabled');
      if (deps.settings.denylist === 'on') {
        const { loggedOut, familyRevoked } = await revocationsOf(payload, deps.store);
        if (loggedOut) refuse('TOKEN_REVOKED', 'Its jti is on the denylist (it was logged out)');
        if (familyRevoked) refuse('TOKEN_REVOKED', "Its login's refresh family was revoked (logout, reuse, or an account change)");
      }
    }
  }
  let verdict: TokenInspection['verdict'] = { accepted: true };
  try {
    await verifyAccessToken(token, deps);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    verdict = { accepted: false, code: error.code, message: error.message };
  }
  return { header, payload, signature, reasons, verdict };
}
