import { commandFor } from './redis-cli.ts';
import type { WriteOp, WriteResult } from './types.ts';
import type { KeyChange } from '../../shared/store-events.ts';

/**
 * The change-feed entry for a write that ran, or null when it changed nothing (a DEL of a missing key,
 * an SADD of members already there, a SET NX that found the key): Redis announces none of those either. A ZADD is
 * always announced: its reply (members added) cannot tell a member's new score from no change, and Redis announces
 * a new score.
 * `ttlAfter` is the key's PTTL after the write where the write alone does not tell it (KEEPTTL).
 */
export function changeFor(op: WriteOp, result: WriteResult, at: number, ttlAfter?: number): KeyChange | null {
  if (result === false || (result === 0 && op.op !== 'incr' && op.op !== 'zadd')) return null;
  const change: KeyChange = { op: op.op, key: op.key, at, command: commandFor(op) };
  if (op.op === 'set') change.pttl = op.keepTtl ? ttlAfter : (op.px ?? -1);
  // A PEXPIRE to zero or less deletes the key at once.
  else if (op.op === 'pexpire') change.pttl = op.ms > 0 ? op.ms : -2;
  else if (op.op === 'persist') change.pttl = -1;
  if (change.pttl === undefined) delete change.pttl;
  return change;
}

/** The change-feed entry for a key the store removed itself (TTL reached, or evicted under maxmemory). */
export function removalChange(op: 'expired' | 'evicted', key: string, at: number): KeyChange {
  return { op, key, at, command: commandFor({ op: 'del', key }) };
}
