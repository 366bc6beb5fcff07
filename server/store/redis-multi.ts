import { StoreUnavailableError } from '../errors.ts';
import { argsFor } from './redis-cli.ts';
import { resultOf } from './redis-replies.ts';
import type { RedisTopology } from './redis-topology.ts';
import type { WriteOp, WriteResult } from './types.ts';

/** What a grouped MULTI did: each op's result, the TTL a KEEPTTL write kept, and the first error (in group order), if any. */
export interface MultiOutcome {
  results: WriteResult[];
  ttlsAfter: (number | undefined)[];
  failed: Error | null;
}

/**
 * Runs validated ops as MULTI/EXEC transactions, one per group of the topology (one on a single node; one per hash
 * slot on a cluster, where a MULTI must stay in one slot), each in the order its first op came. Like Redis itself, a
 * command that fails inside EXEC does not undo the others: every result is reported, and the first error with them.
 */
export async function execGrouped(topology: RedisTopology, ops: WriteOp[]): Promise<MultiOutcome> {
  const groups = new Map<string, number[]>();
  for (const [i, op] of ops.entries()) {
    const group = topology.multiGroup(topology.stored(op.key));
    groups.set(group, [...(groups.get(group) ?? []), i]);
  }
  const results: WriteResult[] = [];
  const ttlsAfter: (number | undefined)[] = [];
  let failed: Error | null = null;
  for (const indexes of groups.values()) {
    const transaction = topology.client.multi();
    const replyIndex: number[] = [];
    let next = 0;
    for (const i of indexes) {
      const op = ops[i]!;
      replyIndex.push(next++);
      transaction.call(...argsFor({ ...op, key: topology.stored(op.key) }));
      // KEEPTTL's announcement needs the TTL kept: read in the same MULTI, so it cannot fail after the write.
      if (op.op === 'set' && op.keepTtl) {
        transaction.pttl(topology.stored(op.key));
        next++;
      }
    }
    const replies = await transaction.exec();
    if (!replies) throw new StoreUnavailableError('the transaction was aborted');
    for (const [n, i] of indexes.entries()) {
      const op = ops[i]!;
      const [error, reply] = replies[replyIndex[n]!]!;
      results[i] = error ? false : resultOf(op, reply);
      ttlsAfter[i] = op.op === 'set' && op.keepTtl ? Number(replies[replyIndex[n]! + 1]![1]) : undefined;
    }
    failed ??= replies.find(([error]) => error)?.[0] ?? null;
  }
  return { results, ttlsAfter, failed };
}
