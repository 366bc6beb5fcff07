import type { ExpiryEvents, StoreKind } from './status.ts';
import type { KeyChange, KeyRead, StoreStatusChange } from '../../shared/store-events.ts';

/**
 * The conditions of Redis 7's `PEXPIRE key ms NX|XX|GT|LT`: only without a TTL, only with one, only
 * when it lengthens it, only when it shortens it. A key without a TTL counts as infinite for GT and LT.
 */
export type ExpireCondition = 'NX' | 'XX' | 'GT' | 'LT';

/** Options of a string write, as in Redis `SET key value [PX ms] [NX] [KEEPTTL]`. */
export interface SetOptions {
  /** Time to live in milliseconds. Without it (and without `keepTtl`) the key has no TTL. */
  px?: number;
  /** Only write when the key does not exist. */
  nx?: boolean;
  /** Only write when the key exists (so a write never brings back a key deleted meanwhile). */
  xx?: boolean;
  /** Keep the key's current TTL. */
  keepTtl?: boolean;
}

/** One write, usable alone or inside an atomic {@link KeyStore.multi}. */
export type WriteOp =
  | ({ op: 'set'; key: string; value: string } & SetOptions)
  | { op: 'del'; key: string }
  | { op: 'pexpire'; key: string; ms: number; when?: ExpireCondition }
  | { op: 'incr'; key: string; by?: number }
  | { op: 'persist'; key: string }
  | { op: 'sadd'; key: string; members: string[] }
  | { op: 'srem'; key: string; members: string[] }
  | { op: 'zadd'; key: string; entries: ScoredMember[] }
  | { op: 'zrem'; key: string; members: string[] };

/** One member of a sorted set and its score (a finite number; Session Lab's are epoch ms). */
export interface ScoredMember {
  member: string;
  score: number;
}

/**
 * What each write answers, as Redis does: `set` → written (false when NX found the key),
 * `del` → keys removed, `pexpire`/`persist` → whether the TTL changed, `sadd`/`srem`/`zrem` → members changed,
 * `zadd` → members added (a score changed on a member already there does not count, as in Redis),
 * `incr` → the new value.
 */
export type WriteResult = boolean | number;

/** The value kinds the keyspace holds. */
export type KeyType = 'string' | 'set' | 'zset' | 'none';

/** One page of a SCAN. A `cursor` of `'0'` means the scan is complete. */
export interface ScanPage {
  cursor: string;
  keys: string[];
}

/** How a store reports itself to /health. */
export interface StoreStatus {
  kind: StoreKind;
  connected: boolean;
  expiryEvents: ExpiryEvents;
  lastError: string | null;
}

/**
 * The keyspace Session Lab uses, with the same semantics as the Redis commands it names, on both
 * backends. Every write and every expiry or eviction is announced on the change feed with the exact
 * redis-cli command. Calls reject with `StoreUnavailableError` when the backend does not answer.
 */
export interface KeyStore {
  readonly kind: StoreKind;
  /** The key's name as the backend stores it, where that differs (a Redis Cluster adds a hash tag: the key's user's, see cluster-keys.ts). */
  storedKey?(key: string): string;
  /** `GET key` */
  get(key: string): Promise<string | null>;
  /** `SET key value [PX ms] [NX] [KEEPTTL]` → whether it wrote. */
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  /** `DEL key…` → how many existed. */
  del(...keys: string[]): Promise<number>;
  /** `EXISTS key` */
  exists(key: string): Promise<boolean>;
  /** `PEXPIRE key ms [NX|XX|GT|LT]` → false when the key does not exist or the condition did not hold. */
  pexpire(key: string, ms: number, when?: ExpireCondition): Promise<boolean>;
  /** `INCR key` (`INCRBY key by`) → the new value; a missing key counts from 0 with no TTL, an existing one keeps its TTL. */
  incr(key: string, by?: number): Promise<number>;
  /** `PTTL key` → ms left, -1 without TTL, -2 when missing. */
  pttl(key: string): Promise<number>;
  /** `PERSIST key` → whether a TTL was removed. */
  persist(key: string): Promise<boolean>;
  /** `SADD key member…` → members added. */
  sadd(key: string, ...members: string[]): Promise<number>;
  /** `SREM key member…` → members removed; an emptied set is deleted. */
  srem(key: string, ...members: string[]): Promise<number>;
  /** `SMEMBERS key`, sorted so both backends list them alike. */
  smembers(key: string): Promise<string[]>;
  /** `SCARD key` */
  scard(key: string): Promise<number>;
  /** `ZADD key score member` → 1 when the member is new, 0 when only its score changed. */
  zadd(key: string, score: number, member: string): Promise<number>;
  /** `ZREM key member…` → members removed; an emptied sorted set is deleted. */
  zrem(key: string, ...members: string[]): Promise<number>;
  /** `ZRANGE key 0 -1 WITHSCORES`: every member with its score, lowest score first (ties by member, bytewise). */
  zrange(key: string): Promise<ScoredMember[]>;
  /** `ZCARD key` */
  zcard(key: string): Promise<number>;
  /**
   * `SCAN cursor MATCH pattern COUNT count`: every key that exists for the whole scan is returned at
   * least once; a page may be empty before the cursor comes back to `'0'`.
   */
  scan(cursor: string, options?: { match?: string; count?: number }): Promise<ScanPage>;
  /** `TYPE key` */
  type(key: string): Promise<KeyType>;
  /** Bytes of the value: `STRLEN` of a string, the sum of member lengths of a set or sorted set, 0 when missing. */
  size(key: string): Promise<number>;
  /**
   * `MULTI … EXEC`: the ops run in order with no other write between them, and the results come in order. There is
   * no rollback: as in Redis, an op that fails on its value (WRONGTYPE, not an integer) fails the call, while the ops
   * before and after it stay applied and are announced. Per backend: SQLite runs them in one transaction (after a
   * crash, all the ops that applied are there or none is); one redis-server runs one MULTI/EXEC; a Redis Cluster
   * groups the ops by hash tag and runs one MULTI/EXEC per group, in the order of each group's first op: isolated
   * within a group, not across groups. Session Lab's own multis each write one user's keys (a session with its user's
   * index; a refresh token with its family, its markers and its user's list of families), which share the user's hash
   * tag and so one slot (cluster-keys.ts). Two write two slots, so two MULTIs: a login attempt's (or a successful
   * login's) throttle counters, the username's and the address's; and a session whose id carries no user's tag (a
   * planted one) with its user's index. The store contract test pins the order, the results, the
   * announcements and the isolation of two counters of one slot.
   */
  multi(ops: WriteOp[]): Promise<WriteResult[]>;
  /** Subscribes to the change feed; returns the unsubscribe function. */
  onChange(listener: (change: KeyChange) => void): () => void;
  /** Subscribes to outage and recovery. */
  onStatus(listener: (change: StoreStatusChange) => void): () => void;
  /** Subscribes to the reads the app makes, each as its redis-cli command; returns the unsubscribe function. */
  onRead(listener: (read: KeyRead) => void): () => void;
  /** The store's current reachability. */
  status(): StoreStatus;
  /** Redis' `used_memory` (INFO memory) in bytes; null for the embedded store. */
  usedMemory(): Promise<number | null>;
  /** Stops timers and closes connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * A store kept in a file (the embedded store): how big the file is, read from SQLite itself. A capability, not part of
 * {@link KeyStore}: Redis has no file the app owns (its memory is {@link KeyStore.usedMemory}).
 */
export interface FileBacked {
  /** The database's pages and page size (`PRAGMA page_count`, `page_size`) and its write-ahead log's bytes. */
  fileSize(): StoreFileSize;
}

/** The embedded store's size: `pages × pageSize` bytes in the database, `walBytes` in its write-ahead log. */
export interface StoreFileSize {
  pages: number;
  pageSize: number;
  walBytes: number;
}

/**
 * A store whose backend can be taken away for real, for a while: a capability, not part of {@link KeyStore}. Only a
 * backend with a server to take away has it (a single redis-server); the embedded store lives in this process, and a
 * cluster client holds one connection per master.
 */
export interface OutageCapable {
  /**
   * Closes the connection and keeps it closed for `ms`; `StoreAlreadyInterruptedError` while one is under way. `who`
   * names what closed it in the store's status while it lasts (`<who> closed the connection for <ms> ms`).
   */
  interrupt(ms: number, who?: string): Promise<void>;
}

/** One SCAN step with each key's `MEMORY USAGE` in bytes (null for a key gone between the SCAN and the measure). */
export interface MeasuredScanPage {
  cursor: string;
  keys: { key: string; bytes: number | null }[];
}

/**
 * A store that can say how much memory each key takes (Redis' `MEMORY USAGE`): a capability, not part of
 * {@link KeyStore}. The embedded store has no equivalent (its nearest, the value's bytes, is {@link KeyStore.size}).
 */
export interface MemoryMeasurable {
  /** `SCAN cursor MATCH match COUNT count`, then `MEMORY USAGE` of each key found, on the node that holds it. */
  scanMeasured(cursor: string, options: { match: string; count: number }): Promise<MeasuredScanPage>;
}

/** How to measure `store`'s keys' memory (see {@link MemoryMeasurable}), or null when it cannot. */
export function memoryOf(store: KeyStore): MemoryMeasurable | null {
  return (store as { readonly memory?: MemoryMeasurable | null }).memory ?? null;
}

/** A store that may offer the capability: `outage` is null where the backend cannot be taken away. */
interface MaybeOutageCapable {
  readonly outage?: OutageCapable | null;
}

/** How to take `store` away (see {@link OutageCapable}), or null when it cannot be. */
export function outageOf(store: KeyStore): OutageCapable | null {
  return (store as MaybeOutageCapable).outage ?? null;
}

/** Where a key lives on a Redis Cluster: its hash slot and the master that serves that slot. */
export interface KeyPlacement {
  /** `CLUSTER KEYSLOT` of the key's name as stored: 0–16383, a CRC16 of the name (of its `{hash tag}` when it has one). */
  slot: number;
  /** The master serving the slot, as `host:port` from the client's slot table; null before the table is filled. */
  node: string | null;
}

/**
 * A store spread over a Redis Cluster's masters, which can say where each key lives: a capability, not part of
 * {@link KeyStore}. Local arithmetic and a table lookup, no round trip, so it is cheap enough for every key row.
 */
export interface KeyPlaceable {
  /** The slot and master of a logical key, computed from its name as stored ({@link KeyStore.storedKey}). */
  placementOf(key: string): KeyPlacement;
}

/** Where `store`'s keys live (see {@link KeyPlaceable}), or null when it is not a cluster. */
export function placementOf(store: KeyStore): KeyPlaceable | null {
  return (store as { readonly placement?: KeyPlaceable | null }).placement ?? null;
}
