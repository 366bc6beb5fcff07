import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, importJWK, type CryptoKey, type JWK, type JWTHeaderParameters } from 'jose';

interface StoredKey {
  kid: string;
  alg: 'HS256' | 'ES256' | 'EdDSA';
  retiredAt: number | null;
  privateJwk: JWK;
  publicJwk: JWK | null;
}

/** The server's own keys as its data dir holds them, so a test can forge tokens a real attacker could not. */
export function storedKeys(dataDir: string): StoredKey[] {
  return (JSON.parse(readFileSync(path.join(dataDir, 'jwt-keys.json'), 'utf8')) as { keys: StoredKey[] }).keys;
}

/** The active stored key of an algorithm. */
export function activeKey(dataDir: string, alg: StoredKey['alg']): StoredKey {
  return storedKeys(dataDir).find((key) => key.alg === alg && key.retiredAt === null)!;
}

/** Signs claims with a key of the server (or any key), with full control of header and claims. */
export async function forge(
  key: CryptoKey | Uint8Array,
  header: JWTHeaderParameters,
  claims: Record<string, unknown>,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

/** Imports a stored private key. */
export async function signingKeyOf(stored: StoredKey): Promise<CryptoKey> {
  return (await importJWK(stored.privateJwk, stored.alg)) as CryptoKey;
}

/** Claims that would pass every check of the server for `user`, valid for 15 minutes from `nowS`. */
export function goodClaims(
  user: { id: number; accountKey: string },
  nowS = Math.floor(Date.now() / 1_000),
): Record<string, unknown> {
  return {
    iss: 'session-lab',
    aud: 'session-lab-api',
    sub: String(user.id),
    acct: user.accountKey,
    jti: crypto.randomUUID(),
    iat: nowS,
    nbf: nowS,
    exp: nowS + 900,
    role: 'user',
  };
}

/** base64url of a JSON value. */
export function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
