import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

// P-256 (secp256r1), for recovering an ES256 public key from its signatures as an attacker would: each signature
// (r, s) over a message hash z admits two public keys Q = r⁻¹(sR − zG), one per point R with x = r; two signatures
// over different messages agree on one. Affine arithmetic over BigInt: slow (tens of ms), plain, enough for tests.
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const A = P - 3n;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const G: Point = [
  0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
];

type Point = readonly [bigint, bigint] | null;

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function pow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}
const inv = (a: bigint, m: bigint) => pow(a, m - 2n, m);

function add(p1: Point, p2: Point): Point {
  if (!p1) return p2;
  if (!p2) return p1;
  const [x1, y1] = p1;
  const [x2, y2] = p2;
  if (x1 === x2 && mod(y1 + y2, P) === 0n) return null;
  const l = x1 === x2 && y1 === y2 ? mod((3n * x1 * x1 + A) * inv(2n * y1, P), P) : mod((y2 - y1) * inv(x2 - x1, P), P);
  const x3 = mod(l * l - x1 - x2, P);
  return [x3, mod(l * (x1 - x3) - y1, P)];
}

function times(k: bigint, point: Point): Point {
  let result: Point = null;
  let addend = point;
  for (let e = mod(k, N); e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}

const int = (bytes: Buffer) => BigInt(`0x${bytes.toString('hex') || '0'}`);
const bytes32 = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');

/** The two public keys one ES256 JWS could have been signed with, as `x:y` hex. */
function candidates(jws: string): string[] {
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const sig = Buffer.from(signature, 'base64url');
  const r = int(sig.subarray(0, 32));
  const s = int(sig.subarray(32));
  const z = int(createHash('sha256').update(`${header}.${payload}`).digest());
  const y = pow(mod(r * r * r + A * r + B, P), (P + 1n) / 4n, P);
  const rInv = inv(r, N);
  return [y, P - y].map((ry) => {
    const q = times(rInv, add(times(s, [r, ry]), times(N - mod(z, N), G)))!;
    return `${q[0].toString(16)}:${q[1].toString(16)}`;
  });
}

/** The P-256 public key two ES256 tokens (over different payloads) were both signed with. */
export function recoverEs256Key(first: string, second: string): KeyObject {
  const seconds = new Set(candidates(second));
  const common = candidates(first).filter((key) => seconds.has(key));
  if (common.length !== 1) throw new Error(`expected one common key, found ${common.length}`);
  const [x, y] = common[0]!.split(':').map((hex) => bytes32(BigInt(`0x${hex}`)).toString('base64url'));
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' });
}
