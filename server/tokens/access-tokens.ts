import { randomUUID } from 'node:crypto';
import { SignJWT, compactVerify, type JWTPayload } from 'jose';
import type { Accounts, UserRecord } from '../accounts/accounts.ts';
import { AppError } from '../errors.ts';
import type { KeyStore } from '../store/types.ts';
import { JWT_ALGORITHMS, type KeyRing } from './key-ring.ts';
import {
  accountRefusals,
  claimRefusals,
  headerRefusals,
  refusalError,
  revocationRefusals,
  formRefusals,
  SIGNATURE_REFUSAL,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from './refusal-rules.ts';
import { TokenAlgorithmNotAllowedError, TokenCritUnsupportedError, TokenMalformedError } from './token-errors.ts';
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

/** jose's refusals (it reads the compact form and checks crit and alg before asking for the key) as ours. */
function fromJoseError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const { code, message } = error as { code?: string; message: string };
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return refusalError(SIGNATURE_REFUSAL);
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

const decoder = new TextDecoder();

/** The claims set of a verified JWS: a JSON object, or the token is malformed. */
function claimsOf(payload: Uint8Array): JWTPayload {
  let claims: unknown;
  try {
    claims = JSON.parse(decoder.decode(payload));
  } catch {
    throw new TokenMalformedError('The payload is not JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
    throw new TokenMalformedError('The claims set must be a JSON object');
  return claims as JWTPayload;
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
    throw fromJoseError(error);
  }
  const claims = claimsOf(payload);
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
