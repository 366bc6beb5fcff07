import type { WriteOp } from './types.ts';

/**
 * Rejects writes Redis itself would refuse (empty member lists, non-integer or non-positive TTLs,
 * PX together with KEEPTTL), so both backends fail the same way before touching anything.
 */
export function validateOp(op: WriteOp): void {
  if (typeof op.key !== 'string' || op.key === '') throw new RangeError(`${op.op}: the key must be a non-empty string`);
  if (op.op === 'set') {
    if (op.px !== undefined && !(Number.isInteger(op.px) && op.px > 0))
      throw new RangeError(`SET ${op.key}: PX must be a positive integer of milliseconds`);
    if (op.px !== undefined && op.keepTtl) throw new RangeError(`SET ${op.key}: PX and KEEPTTL exclude each other`);
  }
  if (op.op === 'pexpire' && !Number.isInteger(op.ms)) throw new RangeError(`PEXPIRE ${op.key}: ms must be an integer`);
  if ((op.op === 'sadd' || op.op === 'srem') && op.members.length === 0)
    throw new RangeError(`${op.op.toUpperCase()} ${op.key}: at least one member is needed`);
}
