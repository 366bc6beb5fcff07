/**
 * What happened to a key. Writes the app made carry the name of the Redis command;
 * `expired` and `evicted` are done by the store itself.
 */
export type KeyChangeOp =
  'set' | 'del' | 'pexpire' | 'persist' | 'sadd' | 'srem' | 'zadd' | 'zrem' | 'incr' | 'expired' | 'evicted';

/** One entry of the store's change feed, identical on both backends. */
export interface KeyChange {
  op: KeyChangeOp;
  key: string;
  /** Milliseconds left to live after the change; -1 means no TTL. Absent where the change does not tell. */
  pttl?: number;
  /** Epoch milliseconds at which the change happened. */
  at: number;
  /**
   * The redis-cli command that makes this change. For `expired` and `evicted` it is the `DEL`
   * that Redis itself propagates to replicas and the AOF: nobody typed it.
   */
  command: string;
}

/** A read the app made (GET, EXISTS, SMEMBERS, SCARD, ZRANGE, ZCARD, PTTL, TYPE), as the redis-cli command that makes it. */
export interface KeyRead {
  key: string;
  /** The command as sent (on a cluster, with the key's hash tag); on the embedded store, its redis-cli equivalent. */
  command: string;
  /** Epoch milliseconds at which the read answered. */
  at: number;
}

/** A change of the store's reachability. */
export interface StoreStatusChange {
  kind: 'redis' | 'sqlite';
  connected: boolean;
  /** `outage` when the store stopped answering, `recovered` when it answers again. */
  event: 'outage' | 'recovered';
  at: number;
  lastError: string | null;
}
