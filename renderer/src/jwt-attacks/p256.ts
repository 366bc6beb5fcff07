/**
 * The P-256 curve (NIST FIPS 186-4, SEC 2 secp256r1) in plain BigInt arithmetic, just enough to recover an ECDSA public
 * key from a signature: affine points, addition, doubling, scalar multiplication and the y of an x. Slow next to a
 * real library, and not constant-time: it only ever handles public values.
 */

/** The field prime p. */
export const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
/** The group order n. */
export const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const A = P - 3n;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

/** A point on the curve, or null for the point at infinity. */
export type Point = { x: bigint; y: bigint } | null;

/** The base point G. */
export const G: Point = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

/** a mod m, in [0, m). */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** a^e mod m. */
export function powMod(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** The inverse of a mod m (m prime, a not a multiple of m), by the extended Euclidean algorithm. */
export function invMod(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

/** Whether a point lies on the curve. */
export function onCurve(point: Point): boolean {
  if (point === null) return true;
  return mod(point.y * point.y - (point.x * point.x * point.x + A * point.x + B), P) === 0n;
}

/** P + Q. */
export function add(p: Point, q: Point): Point {
  if (p === null) return q;
  if (q === null) return p;
  if (p.x === q.x) {
    if (mod(p.y + q.y, P) === 0n) return null;
    const slope = mod((3n * p.x * p.x + A) * invMod(2n * p.y, P), P);
    const x = mod(slope * slope - 2n * p.x, P);
    return { x, y: mod(slope * (p.x - x) - p.y, P) };
  }
  const slope = mod((q.y - p.y) * invMod(q.x - p.x, P), P);
  const x = mod(slope * slope - p.x - q.x, P);
  return { x, y: mod(slope * (p.x - x) - p.y, P) };
}

/** k·P by double-and-add. */
export function multiply(k: bigint, point: Point): Point {
  let result: Point = null;
  let addend = point;
  let e = mod(k, N);
  while (e > 0n) {
    if (e & 1n) result = add(result, addend);
    addend = add(addend, addend);
    e >>= 1n;
  }
  return result;
}

/** The two points with this x (y and p − y), or none when x is not on the curve. p ≡ 3 (mod 4): √a = a^((p+1)/4). */
export function pointsWithX(x: bigint): { x: bigint; y: bigint }[] {
  if (x >= P) return [];
  const rhs = mod(x * x * x + A * x + B, P);
  const y = powMod(rhs, (P + 1n) / 4n, P);
  if (mod(y * y, P) !== rhs) return [];
  return y === 0n
    ? [{ x, y }]
    : [
        { x, y },
        { x, y: P - y },
      ];
}
