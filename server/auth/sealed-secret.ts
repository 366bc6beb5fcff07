import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals a secret that must wait in a stored value (a TOTP secret being set up waits in its session record until
 * its first code is verified): AES-256-GCM under a key derived from the server's cookie key, bound to a context
 * (the user id), so the store, the inspector and the change feed only ever see `v1.<iv>.<ciphertext>`.
 */
export class SecretSealer {
  readonly #key: Buffer;

  /** `rootKey`: the server's own secret (the first cookie key); the sealing key is derived from it for this purpose alone. */
  constructor(rootKey: Buffer) {
    this.#key = Buffer.from(hkdfSync('sha256', rootKey, Buffer.alloc(0), 'session-lab sealed secret v1', 32));
  }

  /** The sealed form of `plain`, opened only with the same `context`. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** The plain text of a sealed value, or null when it is not one of ours, was changed, or belongs to another context. */
  open(sealed: string, context: string): string | null {
    const [version, ivText, bodyText, ...rest] = sealed.split('.');
    if (version !== VERSION || !ivText || !bodyText || rest.length > 0) return null;
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length <= TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return null;
    }
  }
}
