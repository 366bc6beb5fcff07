import { randomInt } from 'node:crypto';
import { envelopeOf, type SessionCipher } from '../auth/session-cipher.ts';
import { isUnreadable } from '../auth/session-registry.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { KeyStore } from '../store/types.ts';
import type { SealResponse, ServerSees, TamperResponse } from '../../shared/api/inspector.ts';

const SESSION_PREFIX = 'sl:sess:';

/** Whether a stored value claims to be an encrypted session record (well-formed or not). */
function looksEncrypted(raw: string): boolean {
  return raw.startsWith('{"enc":');
}

/**
 * What the server reads an encrypted session record as, for the key detail of the app's window: the decrypted value,
 * or the 401 its session's next request answers. Null for every other key and for a plain (unencrypted) record.
 */
export function serverSees(key: string, raw: string, cipher: SessionCipher): ServerSees | null {
  if (!key.startsWith(SESSION_PREFIX) || !looksEncrypted(raw)) return null;
  const kid = envelopeOf(raw)?.kid ?? null;
  try {
    const json = cipher.open(key.slice(SESSION_PREFIX.length), raw);
    let pretty = json;
    try {
      pretty = JSON.stringify(JSON.parse(json), null, 2);
    } catch {
      // Decrypts, yet is not JSON: shown as it is.
    }
    return { kid, value: pretty, error: null };
  } catch (error) {
    if (!isUnreadable(error)) throw error;
    return { kid, value: null, error: { code: error.code, message: error.message } };
  }
}

/** The plain record JSON of a session key's value (decrypted when it is encrypted and decrypts), else the value as it is. */
export function plainSessionValue(key: string, raw: string, cipher: SessionCipher | undefined): string {
  if (!cipher || !key.startsWith(SESSION_PREFIX) || !looksEncrypted(raw)) return raw;
  return serverSees(key, raw, cipher)?.value ?? raw;
}

/**
 * The learner's tamper action: flips the lowest bit of one random byte of an encrypted session record's ciphertext,
 * keeping the key's TTL (SET … KEEPTTL XX, one write the command log shows). GCM's tag then fails to verify, so the
 * session's next request answers 401 SESSION_UNREADABLE.
 */
export async function flipCiphertextByte(store: KeyStore, key: string): Promise<TamperResponse> {
  if (!key.startsWith(SESSION_PREFIX)) throw new BadRequestError('Only a session record (sl:sess:…) is encrypted');
  const raw = await store.get(key);
  if (raw === null) throw new NotFoundError(`No key ${key}`);
  const envelope = envelopeOf(raw);
  if (!envelope) throw new BadRequestError('This session record is not encrypted: there is no ciphertext to change');
  const ct = Buffer.from(envelope.ct, 'base64url');
  if (ct.length === 0) throw new BadRequestError('This record has an empty ciphertext');
  const index = randomInt(ct.length);
  const before = ct[index]!;
  ct[index] = before ^ 0x01;
  const value = JSON.stringify({ ...envelope, ct: ct.toString('base64url') });
  const written = await store.set(key, value, { keepTtl: true, xx: true });
  if (!written) throw new NotFoundError(`No key ${key}`);
  const hex = (byte: number) => byte.toString(16).padStart(2, '0');
  return { key, byte: { index, before: hex(before), after: hex(ct[index]!) }, value, pttl: await store.pttl(key) };
}

/**
 * The learner's "encrypt this record now": rewrites one plain session record sealed with the current key, keeping the
 * key's TTL (SET … KEEPTTL XX, one write the command log shows), instead of waiting for the session's next write.
 * 400 when encryption is off, or when the key is not a plain session record.
 */
export async function sealPlainRecord(store: KeyStore, key: string, cipher: SessionCipher): Promise<SealResponse> {
  if (!key.startsWith(SESSION_PREFIX)) throw new BadRequestError('Only a session record (sl:sess:…) is encrypted');
  if (!cipher.enabled) throw new BadRequestError('Encryption at rest is off: turn it on first');
  const raw = await store.get(key);
  if (raw === null) throw new NotFoundError(`No key ${key}`);
  if (looksEncrypted(raw)) throw new BadRequestError('This session record is encrypted already');
  const value = cipher.seal(key.slice(SESSION_PREFIX.length), raw);
  const written = await store.set(key, value, { keepTtl: true, xx: true });
  if (!written) throw new NotFoundError(`No key ${key}`);
  return { key, kid: cipher.currentKid(), value, pttl: await store.pttl(key) };
}
