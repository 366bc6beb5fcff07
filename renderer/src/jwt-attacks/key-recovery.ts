/**
 * ECDSA public key recovery (SEC 1 v2, section 4.1.6) for ES256 tokens: from one signature (r, s) over a message with
 * hash e, the signer's key is Q = r⁻¹·(s·R − e·G) for the curve point R whose x is r. Two points have that x, so one
 * signature leaves two candidate keys; a second token signed by the same key shares exactly one of them: the key.
 * This is how a server's public key is found when it publishes none (PortSwigger's "algorithm confusion with no
 * exposed key").
 */
import { base64url, bigIntToBytes, bytesToBigInt, fromBase64 } from '../debugger/bytes.ts';
import { decodeSegmentJson, splitToken, type PartResult } from '../debugger/jwt-parts.ts';
import { publicKeyPem } from '../debugger/pem.ts';
import { G, N, add, invMod, mod, multiply, onCurve, pointsWithX, type Point } from './p256.ts';

/** A recovered key: its coordinates, as a JWK and as the SPKI PEM text a server prints. */
export interface RecoveredKey {
  jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  pem: string;
}

const ok = <T>(value: T): PartResult<T> => ({ ok: true, value });
const fail = <T>(error: string): PartResult<T> => ({ ok: false, error });

/** The candidate public keys one signature allows (up to two; r + n is also an x when it is below p, almost never). */
export function candidateKeys(hash: Uint8Array, r: bigint, s: bigint): Point[] {
  if (r <= 0n || r >= N || s <= 0n || s >= N) return [];
  const e = mod(bytesToBigInt(hash), N);
  const rInverse = invMod(r, N);
  const keys: Point[] = [];
  for (const x of [r, r + N]) {
    for (const R of pointsWithX(x)) {
      const Q = add(multiply(mod(s * rInverse, N), R), multiply(mod(-e * rInverse, N), G));
      if (Q !== null && onCurve(Q)) keys.push(Q);
    }
  }
  return keys;
}

/** An ES256 token's signing input hash and its signature's r and s; an error naming what is wrong. */
async function signatureOf(
  token: string,
  which: string,
): Promise<PartResult<{ hash: Uint8Array; r: bigint; s: bigint }>> {
  const segments = splitToken(token);
  if (!segments.ok) return fail(`${which}: ${segments.error}`);
  const header = decodeSegmentJson(segments.value.header);
  if (!header.ok) return fail(`${which}: header: ${header.error}`);
  if (header.value.alg !== 'ES256')
    return fail(
      `${which} is signed with ${String(header.value.alg)}, not ES256: this recovery works on ES256 signatures`,
    );
  const signature = fromBase64(segments.value.signature);
  if (!signature || signature.length !== 64)
    return fail(`${which}: an ES256 signature is 64 bytes (r then s); this one is ${signature?.length ?? 0}`);
  const input = new TextEncoder().encode(`${segments.value.header}.${segments.value.payload}`);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
  return ok({ hash, r: bytesToBigInt(signature.slice(0, 32)), s: bytesToBigInt(signature.slice(32)) });
}

/** A point as a P-256 public JWK. */
export function pointJwk(point: { x: bigint; y: bigint }): RecoveredKey['jwk'] {
  return {
    kty: 'EC',
    crv: 'P-256',
    x: base64url(bigIntToBytes(point.x, 32)),
    y: base64url(bigIntToBytes(point.y, 32)),
  };
}

/** The public key that signed two ES256 tokens, as JWK and PEM; an error when they share no candidate. */
export async function recoverPublicKey(first: string, second: string): Promise<PartResult<RecoveredKey>> {
  const a = await signatureOf(first, 'The first token');
  if (!a.ok) return a;
  const b = await signatureOf(second, 'The second token');
  if (!b.ok) return b;
  if (a.value.r === b.value.r && a.value.s === b.value.s)
    return fail('Both tokens carry the same signature: two different tokens are needed to tell the candidates apart');
  const fromFirst = candidateKeys(a.value.hash, a.value.r, a.value.s);
  const fromSecond = candidateKeys(b.value.hash, b.value.r, b.value.s);
  const shared = fromFirst.find((p) => fromSecond.some((q) => p !== null && q !== null && p.x === q.x && p.y === q.y));
  if (!shared) return fail('The two tokens share no candidate key: they were not signed by the same ES256 key');
  const jwk = pointJwk(shared);
  const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  return ok({ jwk, pem: await publicKeyPem(key) });
}
