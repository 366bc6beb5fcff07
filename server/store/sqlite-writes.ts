import type { KeyRow, Statements } from './sqlite-statements.ts';
import type { ExpireCondition, WriteOp, WriteResult } from './types.ts';
import { NotAnIntegerError, WrongTypeError } from '../errors.ts';

/**
 * Applies one write inside the caller's transaction, with Redis' semantics; `meta` is the key's live
 * row (already expired away when its TTL had passed), or undefined when the key does not exist.
 */
export function applyWrite(sql: Statements, op: WriteOp, now: number, meta: KeyRow | undefined): WriteResult {
  switch (op.op) {
    case 'set': {
      if ((op.nx && meta) || (op.xx && !meta)) return false;
      const expiresAt = op.px !== undefined ? now + op.px : op.keepTtl && meta ? meta.expires_at : null;
      if (meta && meta.type !== 'string') sql.clearMembers.run(op.key);
      sql.upsert.run(op.key, 'string', op.value, expiresAt);
      return true;
    }
    case 'del':
      return sql.del.run(op.key).changes;
    case 'pexpire':
      if (!meta || !expiryConditionHolds(op.when, meta.expires_at, now + op.ms)) return false;
      if (op.ms <= 0) sql.del.run(op.key);
      else sql.setExpiry.run(now + op.ms, op.key);
      return true;
    case 'persist':
      return sql.persist.run(op.key).changes > 0;
    case 'sadd': {
      if (meta && meta.type !== 'set') throw wrongType('SADD', op.key);
      if (!meta) sql.upsert.run(op.key, 'set', null, null);
      return op.members.reduce((added, member) => added + sql.addMember.run(op.key, member).changes, 0);
    }
    case 'incr': {
      if (meta && meta.type !== 'string') throw wrongType('INCR', op.key);
      const current = meta ? parseRedisInteger(meta.value ?? '') : 0n;
      if (current === null) throw new NotAnIntegerError(`INCR ${op.key}: ERR value is not an integer or out of range`);
      const next = current + BigInt(op.by ?? 1);
      if (next > INT64_MAX || next < INT64_MIN)
        throw new NotAnIntegerError(`INCR ${op.key}: ERR increment or decrement would overflow`);
      sql.upsert.run(op.key, 'string', String(next), meta ? meta.expires_at : null);
      return Number(next);
    }
    case 'srem':
    case 'zrem': {
      if (!meta) return 0;
      if (meta.type !== (op.op === 'srem' ? 'set' : 'zset')) throw wrongType(op.op.toUpperCase(), op.key);
      const removed = op.members.reduce((sum, member) => sum + sql.removeMember.run(op.key, member).changes, 0);
      if (sql.card.get(op.key)!.n === 0) sql.del.run(op.key);
      return removed;
    }
    case 'zadd': {
      if (meta && meta.type !== 'zset') throw wrongType('ZADD', op.key);
      if (!meta) sql.upsert.run(op.key, 'zset', null, null);
      // As Redis answers without CH: members added; a member already there only takes its new score.
      return op.entries.reduce((added, { member, score }) => {
        if (sql.addScored.run(op.key, member, score).changes > 0) return added + 1;
        sql.setScore.run(score, op.key, member);
        return added;
      }, 0);
    }
  }
}

/** Whether `PEXPIRE … NX|XX|GT|LT` may set `next` over `current` (null: no TTL, which counts as infinite). */
function expiryConditionHolds(when: ExpireCondition | undefined, current: number | null, next: number): boolean {
  switch (when) {
    case undefined:
      return true;
    case 'NX':
      return current === null;
    case 'XX':
      return current !== null;
    case 'GT':
      return current !== null && next > current;
    case 'LT':
      return current === null || next < current;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A value as Redis' `string2ll` reads it: canonical decimal (no `+`, no leading zeros, no `-0`) within int64. */
function parseRedisInteger(text: string): bigint | null {
  if (!/^(0|-?[1-9]\d{0,19})$/.test(text)) return null;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? null : value;
}

/** The error Redis answers a command on a key of the other type with. */
export function wrongType(command: string, key: string): WrongTypeError {
  return new WrongTypeError(`${command} ${key}: WRONGTYPE Operation against a key holding the wrong kind of value`);
}
