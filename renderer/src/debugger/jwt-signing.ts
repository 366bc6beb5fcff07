/**
 * Signing and checking a JWT in the page, as jwt.io does, with WebCrypto: HS256/384/512 with a secret the learner
 * types (text, or base64 for bytes), ES256/RS256/EdDSA with a private key pasted as a JWK or a PEM, or generated here.
 * Failures are answered as values with a sentence for the learner, never thrown.
 */
import { base64url, fromBase64 } from './bytes.ts';
import { encodeSegment, parseJsonObject, splitToken, type PartResult } from './jwt-parts.ts';
import { parsePem } from './pem.ts';
import type { Jwk, WebKey } from './web-crypto-types.ts';

/** The algorithms the debugger signs with. */
export const SIGNING_ALGS = ['HS256', 'HS384', 'HS512', 'ES256', 'RS256', 'EdDSA'] as const;
/** One of {@link SIGNING_ALGS}. */
export type SigningAlg = (typeof SIGNING_ALGS)[number];
/** Each algorithm in words, as the key area's menu lists it. */
export const SIGNING_ALG_WORDS: Record<SigningAlg, string> = {
  HS256: 'HS256: HMAC with SHA-256, a shared secret',
  HS384: 'HS384: HMAC with SHA-384, a shared secret',
  HS512: 'HS512: HMAC with SHA-512, a shared secret',
  ES256: 'ES256: ECDSA on P-256, a key pair',
  RS256: 'RS256: RSA PKCS#1 v1.5, a key pair',
  EdDSA: 'EdDSA: Ed25519, a key pair',
};

/** How a typed secret becomes bytes: its UTF-8 text, or the bytes its base64 spells (`AA==` is one zero byte). */
export type SecretEncoding = 'text' | 'base64';

/** What the learner typed or pasted into the signing area. */
export interface SigningInput {
  alg: SigningAlg;
  secret: string;
  encoding: SecretEncoding;
  /** A private key, as a JWK (JSON) or a PKCS#8 PEM. */
  privateKey: string;
}

/** A key ready to sign and to check signatures with. */
export interface SigningKey {
  alg: SigningAlg;
  sign: WebKey;
  verify: WebKey;
  /** The public half as a JWK (asymmetric keys only): what an embedded `jwk` header or a JWKS carries. */
  publicJwk: Jwk | null;
}

/** Whether the algorithm is an HMAC (a shared secret) rather than a key pair. */
export function isHmac(alg: string): alg is 'HS256' | 'HS384' | 'HS512' {
  return alg === 'HS256' || alg === 'HS384' || alg === 'HS512';
}

const ok = <T>(value: T): PartResult<T> => ({ ok: true, value });
const fail = <T>(error: string): PartResult<T> => ({ ok: false, error });

/** WebCrypto's names for an algorithm: the key's, and the sign/verify call's. */
type WebCryptoNames = {
  key: Parameters<typeof crypto.subtle.importKey>[2];
  use: Parameters<typeof crypto.subtle.sign>[0];
};

function webCrypto(alg: SigningAlg): WebCryptoNames {
  switch (alg) {
    case 'HS256':
    case 'HS384':
    case 'HS512':
      return { key: { name: 'HMAC', hash: `SHA-${alg.slice(2)}` }, use: 'HMAC' };
    case 'ES256':
      return { key: { name: 'ECDSA', namedCurve: 'P-256' }, use: { name: 'ECDSA', hash: 'SHA-256' } };
    case 'RS256':
      return { key: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, use: 'RSASSA-PKCS1-v1_5' };
    case 'EdDSA':
      return { key: { name: 'Ed25519' }, use: 'Ed25519' };
  }
}

/** What the key area says while the secret field is still empty. */
export const NO_SECRET_YET = 'No secret yet: type the HMAC key to sign with (or check the token’s signature with).';

/** The bytes of a typed secret; an error when it is empty or not base64. */
export function secretBytes(secret: string, encoding: SecretEncoding): PartResult<Uint8Array<ArrayBuffer>> {
  // Nothing typed yet is not a mistake, and no place for a trick of one lab: the words only say what is missing.
  if (secret === '') return fail(NO_SECRET_YET);
  const bytes = encoding === 'text' ? new TextEncoder().encode(secret) : fromBase64(secret);
  if (bytes === null) return fail('The secret is not base64 (A-Z a-z 0-9 + / or - _, then = padding)');
  // WebCrypto refuses an empty HMAC key; HMAC pads every key with zero bytes, so one zero byte is the same key.
  if (bytes.length === 0)
    return fail(
      'The secret is empty, and WebCrypto refuses an empty HMAC key. HMAC pads a short key with zero bytes, so an empty key signs exactly as one zero byte does: choose base64 and type AA==',
    );
  return ok(bytes);
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

/** The public members of a JWK (its private ones, `d`, `p`, `q`…, left out), in the JWK's usual order. */
export function publicJwkOf(jwk: Jwk): Jwk {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(jwk))
    if (!(PRIVATE_MEMBERS as readonly string[]).includes(name) && !['key_ops', 'ext'].includes(name))
      kept[name] = value;
  return kept as Jwk;
}

async function importPrivate(text: string, alg: SigningAlg): Promise<PartResult<WebKey>> {
  const params = webCrypto(alg).key;
  const trimmed = text.trim();
  if (trimmed === '') return fail(`Paste a private key for ${alg} (a JWK, or a PEM "PRIVATE KEY"), or generate one`);
  try {
    if (trimmed.startsWith('{')) {
      const jwk = parseJsonObject(trimmed);
      if (!jwk.ok) return fail(`The key is not a JWK: ${jwk.error}`);
      if (typeof jwk.value.d !== 'string')
        return fail('That JWK is a public key (it has no "d"): signing needs the private key');
      // Its own alg, use and key_ops would make WebCrypto refuse it for another purpose than the one it names.
      const bare = { ...jwk.value } as Jwk;
      delete bare.alg;
      delete bare.use;
      delete bare.key_ops;
      return ok(await crypto.subtle.importKey('jwk', bare, params, true, ['sign']));
    }
    const pem = parsePem(trimmed);
    if (!pem) return fail('The key is neither a JWK ({…}) nor a PEM block (-----BEGIN PRIVATE KEY-----…)');
    if (pem.label !== 'PRIVATE KEY')
      return fail(
        `A "${pem.label}" PEM is not PKCS#8, the form WebCrypto reads: convert it with openssl pkcs8 -topk8 -nocrypt`,
      );
    return ok(await crypto.subtle.importKey('pkcs8', pem.der, params, true, ['sign']));
  } catch (error) {
    return fail(`That key does not fit ${alg}: ${(error as Error).message || 'WebCrypto refused it'}`);
  }
}

/** Makes the learner's secret or private key ready to sign with. */
export async function prepareKey(input: SigningInput): Promise<PartResult<SigningKey>> {
  const { alg } = input;
  const params = webCrypto(alg).key;
  if (isHmac(alg)) {
    const bytes = secretBytes(input.secret, input.encoding);
    if (!bytes.ok) return bytes;
    const key = await crypto.subtle.importKey('raw', bytes.value, params, false, ['sign', 'verify']);
    return ok({ alg, sign: key, verify: key, publicJwk: null });
  }
  const privateKey = await importPrivate(input.privateKey, alg);
  if (!privateKey.ok) return privateKey;
  const publicJwk = publicJwkOf(await crypto.subtle.exportKey('jwk', privateKey.value));
  const verify = await crypto.subtle.importKey('jwk', publicJwk, params, true, ['verify']);
  return ok({ alg, sign: privateKey.value, verify, publicJwk });
}

/** A new key pair for an asymmetric algorithm: its private key as pretty JWK text, for the key field. */
export async function generatePrivateJwk(alg: Exclude<SigningAlg, 'HS256' | 'HS384' | 'HS512'>): Promise<string> {
  const algorithm = (
    alg === 'RS256'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }
      : webCrypto(alg).key
  ) as { name: string };
  const pair = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as {
    privateKey: WebKey;
    publicKey: WebKey;
  };
  const jwk: Jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  delete jwk.key_ops;
  delete jwk.ext;
  return JSON.stringify(jwk, null, 2);
}

/** Signs `header.payload` (both JSON text, encoded as they stand) with the key: the whole compact token. */
export async function signToken(headerText: string, payloadText: string, key: SigningKey): Promise<PartResult<string>> {
  const header = parseJsonObject(headerText);
  if (!header.ok) return fail(`Header: ${header.error}`);
  const payload = parseJsonObject(payloadText);
  if (!payload.ok) return fail(`Payload: ${payload.error}`);
  const signingInput = `${encodeSegment(header.value)}.${encodeSegment(payload.value)}`;
  const signature = await crypto.subtle.sign(webCrypto(key.alg).use, key.sign, new TextEncoder().encode(signingInput));
  return ok(`${signingInput}.${base64url(new Uint8Array(signature))}`);
}

/** Whether the token's signature checks out with the key (false for a token that is not three segments). */
export async function verifyToken(token: string, key: SigningKey): Promise<boolean> {
  const segments = splitToken(token);
  if (!segments.ok) return false;
  const signature = fromBase64(segments.value.signature);
  if (!signature || signature.length === 0) return false;
  const data = new TextEncoder().encode(`${segments.value.header}.${segments.value.payload}`);
  try {
    return await crypto.subtle.verify(webCrypto(key.alg).use, key.verify, signature, data);
  } catch {
    return false;
  }
}
