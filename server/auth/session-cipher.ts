import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SessionKeyUnknownError, SessionUnreadableError } from '../errors.ts';
import type { SessionKeyFile } from './session-key-file.ts';

/** The algorithm an encrypted record names, as JOSE names it: AES-256 in GCM mode. */
export const SESSION_ENC = 'A256GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * An encrypted session record as the store holds it: `{"enc":"A256GCM","kid":"k1","iv":"…","ct":"…","tag":"…"}`,
 * the nonce, ciphertext and tag in base64url. The session id is the associated data: it is not in the value, yet
 * the tag covers it, so the same value under another id does not decrypt.
 */
export interface SessionEnvelope {
  enc: typeof SESSION_ENC;
  /** The key it was encrypted with (see session-key-file.ts). */
  kid: string;
  /** The 12-byte nonce, random per write. */
  iv: string;
  /** The record's JSON, encrypted. */
  ct: string;
  /** The 16-byte GCM authentication tag. */
  tag: string;
}

/** The envelope in a stored value, or null when the value is not one (a plain record, or anything else). */
export function envelopeOf(raw: string): SessionEnvelope | null {
  if (!raw.startsWith('{"enc":')) return null;
  try {
    const value = JSON.parse(raw) as Partial<SessionEnvelope>;
    return value.enc === SESSION_ENC && [value.kid, value.iv, value.ct, value.tag].every((f) => typeof f === 'string')
      ? (value as SessionEnvelope)
      : null;
  } catch {
    return null;
  }
}

/**
 * Encrypts cookie-session records at rest with AES-256-GCM (node:crypto). `enabled` is the switch: writes follow it;
 * reads accept both forms, so plain records written before it was turned on and encrypted ones written while it was
 * on stay readable whichever way it stands now.
 */
export class SessionCipher {
  /** Whether new writes are encrypted (the `--encrypt-sessions` flag at launch; the lab switch at run time). */
  enabled: boolean;
  readonly #keyFile: SessionKeyFile;

  constructor(keyFile: SessionKeyFile, enabled: boolean) {
    this.#keyFile = keyFile;
    this.enabled = enabled;
  }

  /** The key id new writes use (reading, and so creating, the key file). */
  currentKid(): string {
    return this.#keyFile.keys().current;
  }

  /** Every key id the server holds, oldest first. */
  keyIds(): string[] {
    return [...this.#keyFile.keys().keys.keys()].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  }

  /** Adds a new key and makes it current; records under the older ids still decrypt. Returns the new id. */
  rotate(): string {
    return this.#keyFile.rotate();
  }

  /** The value to store for a session's record JSON: encrypted when the switch is on, else as it is. */
  seal(sid: string, json: string): string {
    if (!this.enabled) return json;
    const { current, keys } = this.#keyFile.keys();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', keys.get(current)!, iv);
    cipher.setAAD(Buffer.from(sid));
    const ct = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    const envelope: SessionEnvelope = {
      enc: SESSION_ENC,
      kid: current,
      iv: iv.toString('base64url'),
      ct: ct.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    };
    return JSON.stringify(envelope);
  }

  /**
   * The record JSON of a stored value: a plain value as it is; an envelope decrypted with its key and the session id.
   * Throws {@link SessionKeyUnknownError} for a key id the server does not hold, {@link SessionUnreadableError} when
   * the tag does not verify (a byte changed, or the value was copied from another id) or the envelope is malformed.
   */
  open(sid: string, raw: string): string {
    const envelope = envelopeOf(raw);
    if (!envelope) {
      if (raw.startsWith('{"enc":')) throw new SessionUnreadableError('The encrypted session record is malformed');
      return raw;
    }
    const key = this.#keyFile.keys().keys.get(envelope.kid);
    if (!key)
      throw new SessionKeyUnknownError(
        `The session record is encrypted under key ${JSON.stringify(envelope.kid).slice(0, 40)}, which this server does not hold; sign in again`,
      );
    const iv = Buffer.from(envelope.iv, 'base64url');
    const tag = Buffer.from(envelope.tag, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
      throw new SessionUnreadableError('The encrypted session record is malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(sid));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SessionUnreadableError(
        'The session record does not decrypt: it was changed in the store, or belongs to another session id; sign in again',
      );
    }
  }
}
