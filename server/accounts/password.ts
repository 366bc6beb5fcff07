import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters; stored with every hash, so they can be raised later without breaking old hashes. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** The production cost: about 120 ms per hash on a 2-core machine. */
export const SCRYPT_PARAMS: ScryptParams = { N: 32_768, r: 8, p: 1 };
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * Hashes and checks passwords with scrypt from node:crypto: `scrypt$N$r$p$salt$hash` (base64url), a
 * fresh 16-byte salt per hash, constant-time comparison. Runs on libuv's thread pool, off the event loop.
 */
export class PasswordHasher {
  readonly #params: ScryptParams;
  #dummy: Promise<string> | undefined;

  constructor(params: ScryptParams = SCRYPT_PARAMS) {
    this.#params = params;
  }

  /** A new hash of `password`. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, this.#params);
    const { N, r, p } = this.#params;
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /** Whether `password` matches `stored`, with the parameters stored in it; a malformed hash never matches. */
  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    const params = { N: Number(n), r: Number(r), p: Number(p) };
    if (scheme !== 'scrypt' || !salt || !hash || !Object.values(params).every((v) => Number.isInteger(v) && v > 0))
      return false;
    const expected = Buffer.from(hash, 'base64url');
    const key = await scrypt(password, Buffer.from(salt, 'base64url'), params);
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  /**
   * Checks `password` against a hash of a random password, made once: the path for an unknown
   * username spends the same time as a real check, so timing does not tell which usernames exist.
   */
  async verifyNobody(password: string): Promise<false> {
    await this.verify(password, await this.prepare());
    return false;
  }

  /**
   * Starts the dummy hash now (at start-up, without waiting for it), so even the first unknown username costs one
   * check, not two; a check that comes before it is ready waits for it.
   */
  prepare(): Promise<string> {
    this.#dummy ??= this.hash(randomBytes(16).toString('hex'));
    return this.#dummy;
  }
}
