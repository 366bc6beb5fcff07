import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { compactVerify } from 'jose/jws/compact/verify';
import { SignJWT } from 'jose/jwt/sign';
import type { Accounts, UserRecord } from '../accounts/accounts.ts';
import { AppError } from '../errors.ts';
import type { KeyStore } from '../store/types.ts';
import { JWT_ALGORITHMS, type KeyRing } from './key-ring.ts';
import {
  accountRefusals,
  claimRefusals,
  claimsSetOf,
  headerOf,
  headerRefusals,
  refusalError,
  revocationRefusals,
  formRefusals,
  SIGNATURE_REFUSAL,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from './refusal-rules.ts';
import { TokenMalformedError } from './token-errors.ts';
import type { TokenSettings } from './token-settings.ts';

export { TOKEN_AUDIENCE, TOKEN_ISSUER } from './refusal-rules.ts';

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

/** Signs an access token for `user` with the active key of the current algorithm. */
export async function signAccessToken(
  user: UserRecord,
  deps: AccessTokenDeps & { family?: string },
): Promise<{ token: string; claims: AccessClaims }> {
  const key = deps.keys.active(deps.settings.algorithm);
  const iat = Math.floor(deps.now() / 1_000);
  const own: Pick<AccessClaims, 'role' | 'acct' | 'fam'> = {
    role: user.role,
    acct: user.accountKey,
    ...(deps.family ? { fam: deps.family } : {}),
  };
  const claims: AccessClaims = {
    ...own,
    sub: String(user.id),
    jti: randomUUID(),
    iat,
    nbf: iat,
    exp: iat + Math.ceil(deps.settings.accessTtlMs / 1_000),
  };
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

/**
 * jose's refusals as ours. jose reads the compact form and checks crit and alg before it asks for the key: for those,
 * the header's own rule (the same one the debugger lists first) gives the refusal, so both say the same words.
 */
function fromJoseError(error: unknown, token: string, keys: KeyRing): unknown {
  if (error instanceof AppError) return error;
  const { code, message } = error as { code?: string; message: string };
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return refusalError(SIGNATURE_REFUSAL);
  if (code === 'ERR_JOSE_ALG_NOT_ALLOWED' || code === 'ERR_JOSE_NOT_SUPPORTED' || code === 'ERR_JWS_INVALID') {
    const read = headerOf(token);
    const [first] = read.header ? headerRefusals(read.header, keys).refusals : read.refusals;
    if (first) return refusalError(first);
    return new TokenMalformedError(`Not a valid compact JWS/JWT: ${message}`);
  }
  return error;
}

/**
 * Verifies an access token by the rules of refusal-rules.ts, stopping at the first: size and compact form, the header (jose reads the
 * compact form; no key from the token, an allowed alg that is the alg of the key named by kid), the signature (jose),
 * the claims (present, iss, aud, nbf and exp with the clock tolerance, read strictly), that the account it names
 * still exists, is the one it was issued for (`acct`) and is not disabled, and — when the denylist is on — that
 * neither its jti was logged out nor its login's refresh family revoked.
 */
export async function verifyAccessToken(token: string, deps: AccessTokenDeps): Promise<VerifiedToken> {
  const [badForm] = formRefusals(token);
  if (badForm) throw refusalError(badForm);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(
      token,
      (header) => {
        const { refusals, key } = headerRefusals(header, deps.keys);
        if (refusals[0]) throw refusalError(refusals[0]);
        return key!.verifyKey;
      },
      { algorithms: [...JWT_ALGORITHMS], crit: {} },
    ));
  } catch (error) {
    throw fromJoseError(error, token, deps.keys);
  }
  const parsed = claimsSetOf(payload);
  if (parsed.claims === null) throw refusalError(parsed.refusals[0]);
  const { claims } = parsed;
  const [claimRefusal] = claimRefusals(claims, deps.now(), deps.clockToleranceMs);
  if (claimRefusal) throw refusalError(claimRefusal);
  const account = accountRefusals(claims, deps.accounts);
  if (account.refusals[0]) throw refusalError(account.refusals[0]);
  if (deps.settings.denylist === 'on') {
    const [revoked] = await revocationRefusals(claims, deps.store);
    if (revoked) throw refusalError(revoked);
  }
  return { claims: claims as AccessClaims, user: account.user! };
}
