import type { WriteOp } from './types.ts';

/** The longest TTL either backend accepts (100 years): Redis refuses expiries past its 64-bit clock. */
export const MAX_TTL_MS = 100 * 365.25 * 86_400_000;

/**
 * Rejects writes Redis itself would refuse (empty member lists, scores that are not finite, non-integer or non-positive TTLs,
 * PX together with KEEPTTL), so both backends fail the same way before touching anything.
 */
export function validateOp(op: WriteOp): void {
  if (typeof op.key !== 'string' || op.key === '') throw new RangeError(`${op.op}: the key must be a non-empty string`);
  if (op.op === 'set') {
    if (op.px !== undefined && !(Number.isInteger(op.px) && op.px > 0 && op.px <= MAX_TTL_MS))
      throw new RangeError(`SET ${op.key}: PX must be a positive integer of milliseconds, at most ${MAX_TTL_MS}`);
    if (op.px !== undefined && op.keepTtl) throw new RangeError(`SET ${op.key}: PX and KEEPTTL exclude each other`);
    if (op.nx && op.xx) throw new RangeError(`SET ${op.key}: NX and XX exclude each other`);
  }
  if (op.op === 'pexpire' && !(Number.isInteger(op.ms) && Math.abs(op.ms) <= MAX_TTL_MS))
    throw new RangeError(`PEXPIRE ${op.key}: ms must be an integer of at most ${MAX_TTL_MS}`);
  if (op.op === 'incr' && op.by !== undefined && !Number.isSafeInteger(op.by))
    throw new RangeError(`INCRBY ${op.key}: the increment must be an integer`);
  if ((op.op === 'sadd' || op.op === 'srem' || op.op === 'zrem') && op.members.length === 0)
    throw new RangeError(`${op.op.toUpperCase()} ${op.key}: at least one member is needed`);
  if (op.op === 'zadd') {
    if (op.entries.length === 0) throw new RangeError(`ZADD ${op.key}: at least one member is needed`);
    if (op.entries.some(({ score }) => !Number.isFinite(score)))
      throw new RangeError(`ZADD ${op.key}: every score must be a finite number`);
  }
}
