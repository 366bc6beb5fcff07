import { createHmac, timingSafeEqual } from 'node:crypto';
import { compactVerify } from 'jose/jws/compact/verify';
import { formRefusals, refusalError } from '../tokens/refusal-rules.ts';
import {
  TokenAlgorithmNotAllowedError,
  TokenExpiredError,
  TokenMalformedError,
  TokenSignatureInvalidError,
} from '../tokens/token-errors.ts';
import { chooseNaiveKey, type NaiveKeySources } from './naive-key-choice.ts';

/** The HMAC algorithms the naive verifier knows, and their hashes. */
const HMAC_HASHES: Readonly<Record<string, string>> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
/** The asymmetric algorithms it knows (jose checks those signatures). */
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** A token the naive verifier accepted: its claims, and in plain words which key it used and why. */
export interface NaiveVerdict {
  claims: Record<string, unknown>;
  how: string;
}

function jsonSegment(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new TokenMalformedError(`The ${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TokenMalformedError(`The ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function hmacMatches(hash: string, secret: Buffer, signingInput: string, signature: string): boolean {
  // node:crypto takes an empty secret (jose and WebCrypto refuse one); HMAC pads a key with zeros, so an empty
  // secret and a one-zero-byte secret sign alike.
  const expected = createHmac(hash, secret).update(signingInput).digest();
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The JWT attack labs' naive verifier: a careless server, as old libraries were. It takes `alg` from the header (all
 * but `none`, which even it refuses), the key from the header itself ({@link chooseNaiveKey}: `jwk` > `jku` > `kid` >
 * its configured key), checks the signature with them, and of the claims only `exp`. Used by the lab target alone,
 * never by the core.
 */
export async function verifyNaively(token: string, sources: NaiveKeySources, now: number): Promise<NaiveVerdict> {
  const [badForm] = formRefusals(token);
  if (badForm) throw refusalError(badForm);
  const [headerPart, payloadPart, signature] = token.split('.') as [string, string, string];
  const header = jsonSegment(headerPart, 'header');
  const { alg } = header;
  if (typeof alg !== 'string' || alg === '') throw new TokenMalformedError('The header has no alg');
  if (alg.toLowerCase() === 'none')
    throw new TokenAlgorithmNotAllowedError('alg none: even the naive verifier wants a signature');
  if (!(alg in HMAC_HASHES) && !ASYMMETRIC.includes(alg))
    throw new TokenAlgorithmNotAllowedError(`alg ${JSON.stringify(alg)} is no algorithm the naive verifier knows`);
  const key = await chooseNaiveKey(header, alg, sources);
  if ('hmac' in key) {
    if (!hmacMatches(HMAC_HASHES[alg]!, key.hmac, `${headerPart}.${payloadPart}`, signature))
      throw new TokenSignatureInvalidError(`The ${alg} signature does not match: it ${key.how}`);
  } else {
    try {
      await compactVerify(token, key.publicKey, { algorithms: [alg] });
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
        throw new TokenSignatureInvalidError(`The ${alg} signature does not match: it ${key.how}`);
      throw new TokenAlgorithmNotAllowedError(`The key it found does not check ${alg} signatures: ${message}`);
    }
  }
  const claims = jsonSegment(payloadPart, 'payload');
  if (typeof claims.exp === 'number' && claims.exp * 1_000 <= now)
    throw new TokenExpiredError(`The token expired at ${new Date(claims.exp * 1_000).toISOString()}`);
  return { claims, how: key.how };
}
