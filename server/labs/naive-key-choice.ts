import { createPublicKey, type KeyObject } from 'node:crypto';
import type { CryptoKey, JWK } from 'jose';
import { importJWK } from 'jose/key/import';
import {
  TokenAlgorithmNotAllowedError,
  TokenMalformedError,
  TokenSignatureInvalidError,
} from '../tokens/token-errors.ts';
import type { JwtKidFolder } from './jwt-kid-folder.ts';
import { LabJkuFetchFailedError, LabJkuForbiddenError, LabJwkInvalidError } from './jwt-lab-errors.ts';
import type { JwtTarget } from './jwt-target-issuer.ts';

/** Members only a private or symmetric JWK has: a key set or a header carrying one is not a public key. */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

/** The key the naive verifier picked: an HMAC secret or a public key, and in plain words where it came from. */
export type NaiveKey = ({ hmac: Buffer } | { publicKey: KeyObject | CryptoKey }) & { how: string };

/** Where the naive verifier may find a key besides the token. */
export interface NaiveKeySources {
  target: JwtTarget;
  kidFolder: JwtKidFolder;
  /** The evil origin's origins while it runs (`http://localhost:<port>`, `http://127.0.0.1:<port>`), else none. */
  evilOrigins: () => string[];
  /** How long the `jku` fetch may take. */
  jkuTimeoutMs: number;
}

const isHmac = (alg: string) => alg.startsWith('HS');

/** A JWK from the token's header or the jku's key set, imported for `alg` if it is a public key that fits. */
async function publicJwk(jwk: unknown, alg: string, where: string): Promise<CryptoKey> {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
    throw new LabJwkInvalidError(`The ${where} is not a JWK object`);
  const held = PRIVATE_JWK_MEMBERS.filter((member) => member in jwk);
  if (held.length > 0 || isHmac(alg))
    throw new LabJwkInvalidError(
      `The ${where} must be a public key for an asymmetric alg (it has ${held.join(', ') || 'no private part'}, alg ${alg})`,
    );
  try {
    const key = await importJWK(jwk as JWK, alg);
    if (key instanceof Uint8Array) throw new Error('a symmetric key');
    return key;
  } catch (error) {
    throw new LabJwkInvalidError(`The ${where} is no ${alg} public key: ${(error as Error).message}`);
  }
}

async function fetchKeySet(jku: string, kid: unknown, sources: NaiveKeySources): Promise<unknown> {
  let origin: string;
  try {
    origin = new URL(jku).origin;
  } catch {
    throw new LabJkuForbiddenError(`jku ${JSON.stringify(jku)} is not a URL`);
  }
  if (!sources.evilOrigins().includes(origin))
    throw new LabJkuForbiddenError(
      `jku names ${origin}: the lab fetches key sets from the evil origin only (start it first), never elsewhere`,
    );
  let body: unknown;
  try {
    const res = await fetch(jku, { redirect: 'error', signal: AbortSignal.timeout(sources.jkuTimeoutMs) });
    if (res.status !== 200) throw new Error(`it answered ${res.status}`);
    body = JSON.parse(await res.text());
  } catch (error) {
    throw new LabJkuFetchFailedError(`Fetching the key set at ${jku} failed: ${(error as Error).message}`);
  }
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0)
    throw new LabJkuFetchFailedError(`${jku} answered no key set ({"keys": [...]})`);
  const chosen = typeof kid === 'string' ? keys.find((key) => (key as { kid?: unknown })?.kid === kid) : keys[0];
  if (chosen === undefined) throw new LabJkuFetchFailedError(`The key set at ${jku} has no key with kid ${kid}`);
  return chosen;
}

/** The file `kid` names as an HMAC secret, or as a public key's PEM for an asymmetric alg. */
function kidKey(kid: string, alg: string, sources: NaiveKeySources): NaiveKey {
  const file = sources.kidFolder.read(kid);
  const what = file.bytes.length === 0 ? 'an empty file' : `${file.bytes.length} bytes`;
  const how = `read the key from the file ${file.path} named by kid ${JSON.stringify(kid)} — ${what}`;
  if (isHmac(alg)) return { hmac: file.bytes, how: `${how}, used as the ${alg} secret` };
  try {
    return { publicKey: createPublicKey(file.bytes), how };
  } catch {
    throw new TokenSignatureInvalidError(`The file ${file.path} named by kid holds no public key for ${alg}`);
  }
}

/** The target's configured key, with algorithm confusion: an HS* header turns its ES256 public key's PEM into a secret. */
function configuredKey(alg: string, sources: NaiveKeySources): NaiveKey {
  const key = sources.target.configuredKey;
  if (key.kind === 'weak-secret') {
    if (!isHmac(alg)) throw new TokenAlgorithmNotAllowedError(`alg ${alg} cannot be checked with an HMAC secret`);
    return {
      hmac: Buffer.from(key.secret),
      how: `checked the ${alg} signature with its configured secret, a weak one`,
    };
  }
  if (isHmac(alg))
    return {
      hmac: Buffer.from(key.pem),
      how: `used its ES256 public key as an ${alg} secret because the header said ${alg} (the exact bytes of its PEM file, the final newline included)`,
    };
  if (alg !== 'ES256') throw new TokenAlgorithmNotAllowedError(`alg ${alg} does not fit its ES256 key`);
  return { publicKey: key.publicKey, how: 'checked the ES256 signature with its own public key (the configured key)' };
}

/**
 * The naive verifier's choice of key, as careless libraries made it: the header's `jwk` first, then its `jku` (fetched
 * from the evil origin only, with a short timeout), then its `kid` as a file path in the lab's folder, and last the
 * target's configured key (the weak secret, or its ES256 public key — as an HMAC secret when the header says HS*).
 */
export async function chooseNaiveKey(
  header: Record<string, unknown>,
  alg: string,
  sources: NaiveKeySources,
): Promise<NaiveKey> {
  if (header.jwk !== undefined)
    return {
      publicKey: await publicJwk(header.jwk, alg, "header's jwk"),
      how: "took the key from the token's own jwk header: whoever signed the token chose the key that checks it",
    };
  if (header.jku !== undefined) {
    if (typeof header.jku !== 'string') throw new LabJkuForbiddenError('jku must be a URL');
    const jwk = await fetchKeySet(header.jku, header.kid, sources);
    return {
      publicKey: await publicJwk(jwk, alg, `key from ${header.jku}`),
      how: `fetched the key set from the jku URL ${header.jku} and used its key: the token said where to find its key`,
    };
  }
  if (header.kid !== undefined) {
    if (typeof header.kid !== 'string') throw new TokenMalformedError('kid must be a string');
    return kidKey(header.kid, alg, sources);
  }
  return configuredKey(alg, sources);
}
