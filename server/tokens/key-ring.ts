import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CryptoKey, JWK } from 'jose';
// jose's subpaths, not its index: the index loads JWE, JWKS and the rest too (46 modules at start-up instead of 18).
import { exportJWK } from 'jose/key/export';
import { generateKeyPair } from 'jose/key/generate/keypair';
import { importJWK } from 'jose/key/import';
import { z } from 'zod';

/** The signing algorithms Session Lab offers; each key belongs to exactly one. */
export const JWT_ALGORITHMS = ['HS256', 'ES256', 'EdDSA'] as const;
/** One of {@link JWT_ALGORITHMS}. */
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

const storedKeySchema = z.object({
  kid: z.string(),
  alg: z.enum(JWT_ALGORITHMS),
  createdAt: z.number(),
  /** When a newer key of the same algorithm took over; the key keeps verifying until its tokens expire. */
  retiredAt: z.number().nullable(),
  privateJwk: z.record(z.string(), z.unknown()),
  publicJwk: z.record(z.string(), z.unknown()).nullable(),
});
const keyFileSchema = z.object({ keys: z.array(storedKeySchema) });
type StoredKey = z.infer<typeof storedKeySchema>;

/** A key ready for jose: imported once as CryptoKey. */
export interface SigningKey {
  kid: string;
  alg: JwtAlgorithm;
  createdAt: number;
  retiredAt: number | null;
  /** Signs (the secret for HS256, the private key otherwise). */
  signKey: CryptoKey;
  /** Verifies (the same secret for HS256, the public key otherwise). */
  verifyKey: CryptoKey;
  /** The public JWK (asymmetric algorithms only), for /.well-known/jwks.json. */
  publicJwk: JWK | null;
}

async function generate(alg: JwtAlgorithm, now: number): Promise<StoredKey> {
  const kid = `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  if (alg === 'HS256') {
    const k = randomBytes(32).toString('base64url');
    return { kid, alg, createdAt: now, retiredAt: null, privateJwk: { kty: 'oct', k }, publicJwk: null };
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  return {
    kid,
    alg,
    createdAt: now,
    retiredAt: null,
    privateJwk: { ...(await exportJWK(privateKey)) },
    publicJwk: { ...(await exportJWK(publicKey)) },
  };
}

async function load(stored: StoredKey): Promise<SigningKey> {
  // jose's importJWK answers a Uint8Array for an oct key, which jose would import again on every
  // verify: WebCrypto imports the HMAC secret once, as a CryptoKey.
  const signKey =
    stored.alg === 'HS256'
      ? await crypto.subtle.importKey(
          'raw',
          Buffer.from(String(stored.privateJwk.k), 'base64url'),
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign', 'verify'],
        )
      : ((await importJWK(stored.privateJwk as JWK, stored.alg)) as CryptoKey);
  const publicJwk = stored.publicJwk
    ? ({ ...stored.publicJwk, kid: stored.kid, alg: stored.alg, use: 'sig' } as JWK)
    : null;
  const verifyKey = publicJwk ? ((await importJWK(stored.publicJwk as JWK, stored.alg)) as CryptoKey) : signKey;
  return {
    kid: stored.kid,
    alg: stored.alg,
    createdAt: stored.createdAt,
    retiredAt: stored.retiredAt,
    signKey,
    verifyKey,
    publicJwk,
  };
}

/**
 * The token signing keys: one active key per algorithm, plus retired ones that still verify the tokens
 * they signed. Kept in `<data-dir>/jwt-keys.json` (mode 0600; HS256 secrets are 256 random bits) and
 * imported once as CryptoKeys: jose verifies HS256 about twice as fast with an imported key.
 */
export class KeyRing {
  readonly #file: string;
  readonly #now: () => number;
  #stored: StoredKey[];
  #keys = new Map<string, SigningKey>();

  private constructor(file: string, stored: StoredKey[], now: () => number) {
    this.#file = file;
    this.#stored = stored;
    this.#now = now;
  }

  /** Opens the data dir's keys, making one per algorithm on first start. */
  static async open(dataDir: string, now: () => number = Date.now): Promise<KeyRing> {
    const file = path.join(dataDir, 'jwt-keys.json');
    const stored = existsSync(file) ? keyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).keys : [];
    const ring = new KeyRing(file, stored, now);
    let changed = false;
    for (const alg of JWT_ALGORITHMS) {
      if (!stored.some((key) => key.alg === alg && key.retiredAt === null)) {
        ring.#stored.push(await generate(alg, now()));
        changed = true;
      }
    }
    if (changed || !existsSync(file)) ring.#save();
    await ring.#importAll();
    return ring;
  }

  /** The key new tokens of `alg` are signed with. */
  active(alg: JwtAlgorithm): SigningKey {
    const stored = this.#stored.find((key) => key.alg === alg && key.retiredAt === null)!;
    return this.#keys.get(stored.kid)!;
  }

  /** The key with this kid, if it is one of ours. */
  byKid(kid: string): SigningKey | undefined {
    return this.#keys.get(kid);
  }

  /** Every key (active and retired), newest first. */
  all(): SigningKey[] {
    return [...this.#keys.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  /**
   * Makes a new active key for `alg`; the old one is retired and keeps verifying. Keys retired longer
   * than `keepRetiredMs` (the longest token lifetime) are dropped: no token of theirs is still valid.
   */
  async rotate(alg: JwtAlgorithm, keepRetiredMs: number): Promise<SigningKey> {
    const now = this.#now();
    // Everything that awaits happens first; the swap below has no await, so a login never sees a ring
    // without an active key.
    const fresh = await generate(alg, now);
    const stored = [
      ...this.#stored
        .map((key) => (key.alg === alg && key.retiredAt === null ? { ...key, retiredAt: now } : key))
        .filter((key) => key.retiredAt === null || now - key.retiredAt <= keepRetiredMs),
      fresh,
    ];
    const keys = await this.#import(stored);
    this.#write(stored);
    this.#stored = stored;
    this.#keys = keys;
    return keys.get(fresh.kid)!;
  }

  #save(): void {
    this.#write(this.#stored);
  }

  /** Writes the file whole (a temp file, 0600, renamed over it): a crash never leaves half a key ring. */
  #write(stored: StoredKey[]): void {
    const temp = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ keys: stored }, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.#file);
  }

  async #import(stored: StoredKey[]): Promise<Map<string, SigningKey>> {
    const loaded = await Promise.all(stored.map(load));
    return new Map(loaded.map((key) => [key.kid, key]));
  }

  async #importAll(): Promise<void> {
    this.#keys = await this.#import(this.#stored);
  }
}
