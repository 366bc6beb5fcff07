import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A KeyGrip-compatible signer for Koa's signed cookies: HMAC-SHA256, base64url, keys decoded once,
 * constant-time comparison. The first key signs; any key verifies (so keys can be rotated).
 */
export class CookieSigner {
  readonly #keys: Buffer[];

  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new Error('CookieSigner needs at least one key');
    this.#keys = keys;
  }

  /** The signature of `data` under the first key. */
  sign(data: string): string {
    return this.#mac(this.#keys[0]!, data).toString('base64url');
  }

  /** Whether `digest` is `data`'s signature under any key. */
  verify(data: string, digest: string): boolean {
    return this.index(data, digest) !== -1;
  }

  /** The index of the key that made `digest`, or -1. */
  index(data: string, digest: string): number {
    const given = Buffer.from(digest, 'base64url');
    for (const [i, key] of this.#keys.entries()) {
      const expected = this.#mac(key, data);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return i;
    }
    return -1;
  }

  #mac(key: Buffer, data: string): Buffer {
    return createHmac('sha256', key).update(data).digest();
  }
}
