import { randomUUID } from 'node:crypto';
import type Router from '@koa/router';
import { SignJWT } from 'jose/jwt/sign';
import type { UserRecord } from '../../accounts/accounts.ts';
import type { AuthServices } from '../../auth/auth-services.ts';
import { ValidationError } from '../../errors.ts';
import type { LabWindow } from '../lab-window.ts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessTokenDeps } from '../../tokens/access-tokens.ts';
import type { JwtAlgorithm } from '../../tokens/key-ring.ts';
import { parseInput } from '../../validate.ts';
import { tokenSizeRequestSchema, type TokenSizeResponse } from '../../../shared/api/lab-token-size.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { createRouter } from '../../routes/router.ts';

/** The demo account a token is signed for when the body names none. */
export const DEFAULT_SIZE_USER = 'alice';

/** What the extra claims grant: permissions of the kind real APIs pack into tokens, repeated as needed. */
const PERMISSIONS = [
  'read:reports',
  'write:reports',
  'read:invoices',
  'approve:invoices',
  'read:customers',
  'write:customers',
  'read:audit',
  'export:data',
  'manage:webhooks',
  'read:billing',
];

/** `perm_1: "read:reports"`, `perm_2: "write:reports"`, … `perm_n`. */
export function permissionClaims(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [`perm_${index + 1}`, PERMISSIONS[index % PERMISSIONS.length]!]),
  );
}

/**
 * Signs what a login would (same key, header, standard claims and lifetime; no `fam`, as no refresh token
 * goes with it) plus the permission claims. The server reads none of them: they only add bytes.
 */
async function signWithPermissions(
  user: UserRecord,
  count: number,
  deps: AccessTokenDeps,
): Promise<{ token: string; claims: number; algorithm: JwtAlgorithm }> {
  const key = deps.keys.active(deps.settings.algorithm);
  const iat = Math.floor(deps.now() / 1_000);
  const payload = { role: user.role, acct: user.accountKey, ...permissionClaims(count) };
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(String(user.id))
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + Math.ceil(deps.settings.accessTtlMs / 1_000))
    .sign(key.signKey);
  // iss, aud, sub, jti, iat, nbf, exp and the payload's own.
  return { token, claims: 7 + Object.keys(payload).length, algorithm: key.alg };
}

/**
 * A demo account that signs in with its printed password alone: a token for it grants nothing a login
 * would not. Any other account (a changed password, MFA on, disabled) is refused.
 */
function demoUser(services: AuthServices, username: string): UserRecord {
  const user = services.accounts.demoUsers().find((candidate) => candidate.username === username);
  if (!user || user.disabled || user.totpSecret) {
    throw new ValidationError(
      `username: ${JSON.stringify(username)} is not a demo account that signs in with its printed password alone`,
    );
  }
  return user;
}

/**
 * `POST /api/v1/lab/token-size {extraClaims, username?}`: a real access token for a demo account with
 * `extraClaims` permission claims, and its size, for the payload-size lab. The app's own window only
 * (the lab key in X-Lab-Key): it signs without a password.
 */
export function labTokenSizeRoutes(services: AuthServices, guard: LabWindow): Router {
  const router = createRouter();
  router.post(API_PATHS.labTokenSize, guard.only('Signing a token without a password'), async (ctx) => {
    const { extraClaims, username = DEFAULT_SIZE_USER } = parseInput(tokenSizeRequestSchema, ctx.request.body);
    const { token, claims, algorithm } = await signWithPermissions(
      demoUser(services, username),
      extraClaims,
      services.tokens.accessDeps,
    );
    const body: TokenSizeResponse = {
      extraClaims,
      claims,
      bytes: Buffer.byteLength(token),
      algorithm,
      access_token: token,
    };
    ctx.body = body;
  });
  return router;
}
