import type { CryptoKey, JWK, JWTPayload, ProtectedHeaderParameters } from 'jose';
import { compactVerify } from 'jose/jws/compact/verify';
import { importJWK } from 'jose/key/import';
import { AppError, ValidationError } from '../errors.ts';
import { verifyAccessToken, type AccessTokenDeps } from './access-tokens.ts';
import {
  accountRefusals,
  claimProblems,
  claimRefusals,
  claimsSetOf,
  headerOf,
  headerRefusals,
  revocationRefusals,
  SIGNATURE_REFUSAL,
  formRefusals,
  type Refusal,
} from './refusal-rules.ts';

/** One reason this server would refuse a token. */
export type RefusalReason = Refusal;

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
  if (!IMPORTABLE_KTY.has(String(key.kty)) || 'd' in key)
    throw new ValidationError('key: a public JWK of kty EC or OKP, or an oct JWK, or an HS256 secret as text');
  try {
    return (await importJWK(key as JWK, alg)) as CryptoKey;
  } catch (error) {
    throw new ValidationError(`key: it could not be imported for ${alg} (${(error as Error).message})`);
  }
}

/**
 * Decodes a token with jose's helpers and lists every reason it would be refused, by the same rules as verification
 * and in the same order (refusal-rules.ts), so the first reason is the one verification answers; then runs the real
 * verification for the verdict. Signature checks use the server's key named by kid, or a key the learner supplies
 * (an HS256 secret as text, or a public JWK) to see what a weak secret would allow.
 */
export async function inspectToken(
  token: string,
  suppliedKeyInput: string | Record<string, unknown> | undefined,
  deps: AccessTokenDeps,
): Promise<TokenInspection> {
  const reasons: RefusalReason[] = [...formRefusals(token)];
  let header: ProtectedHeaderParameters | null = null;
  let payload: JWTPayload | null = null;
  // A token refused for its form is not read further: one reason for it is enough.
  if (reasons.length === 0) {
    const head = headerOf(token);
    reasons.push(...head.refusals);
    header = head.header;
    const read = claimsSetOf(Buffer.from(token.split('.')[1]!, 'base64url'));
    reasons.push(...read.refusals);
    payload = read.claims;
  }
  const signature: TokenInspection['signature'] = { verdict: 'unchecked', checkedWith: null };
  if (header) {
    const { refusals, key } = headerRefusals(header, deps.keys);
    reasons.push(...refusals);
    const alg = String(header.alg);
    const verifyWith =
      suppliedKeyInput !== undefined
        ? { key: await suppliedKey(suppliedKeyInput, alg), name: 'the key you supplied' }
        : key
          ? { key: key.verifyKey, name: `server key ${key.kid}` }
          : null;
    if (verifyWith && alg !== 'none') {
      signature.checkedWith = verifyWith.name;
      try {
        await compactVerify(token, verifyWith.key, {
          algorithms: [alg],
          crit: header.crit ? Object.fromEntries(header.crit.map((name) => [name, false])) : {},
        });
        signature.verdict = 'valid';
      } catch {
        signature.verdict = 'invalid';
        if (suppliedKeyInput === undefined) reasons.push(SIGNATURE_REFUSAL);
      }
    }
  }
  if (payload) {
    const claims = claimRefusals(payload, deps.now(), deps.clockToleranceMs);
    reasons.push(...claims);
    // The account and the denylist are asked about claims shaped as this server writes them (a wrong sub or jti names
    // nothing to look up); an expired token's account is still listed, since every reason is.
    if (claimProblems(payload).length === 0) {
      reasons.push(...accountRefusals(payload, deps.accounts).refusals);
      if (deps.settings.denylist === 'on') reasons.push(...(await revocationRefusals(payload, deps.store)));
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
