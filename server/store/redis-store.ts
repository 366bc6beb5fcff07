import { FeedStore } from './feed-store.ts';
import { execGrouped } from './redis-multi.ts';
import { ClusterNodes, SingleNode, type RedisTopology } from './redis-topology.ts';
import { ZRANGE_ALL, argsFor } from './redis-cli.ts';
import { KeyspaceNotifications } from './keyspace-notifications.ts';
import { TtlPoller } from './ttl-poller.ts';
import type { ExpiryEvents } from './status.ts';
import type {
  ExpireCondition,
  KeyPlaceable,
  KeyStore,
  MemoryMeasurable,
  OutageCapable,
  KeyType,
  ScanPage,
  ScoredMember,
  SetOptions,
  StoreStatus,
  WriteOp,
  WriteResult,
} from './types.ts';
import { validateOp } from './validate-op.ts';
import { changeFor, removalChange } from './write-change.ts';
import { StoreAlreadyInterruptedError, StoreUnavailableError, WrongTypeError } from '../errors.ts';
import { resultOf, translate } from './redis-replies.ts';

/** Options of the Redis backend. */
export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  url?: string;
  /** A Redis Cluster's seed nodes instead of `url`: each user's keys get the user's hash tag (see cluster-keys.ts). */
  cluster?: { host: string; port: number }[];
  /** A command with no reply after this long rejects with `StoreUnavailableError`. */
  commandTimeoutMs: number;
  /** How often the TTL poller runs when Redis refuses keyspace notifications. */
  sweepIntervalMs: number;
  /** Only expiries of keys starting with this are announced (the app shares Redis with others). */
  namespace: string;
  /** Called when a change-feed listener throws. */
  onListenerError?: (error: unknown) => void;
  /** Told how expiry events are obtained, and why when it falls back to polling. */
  onExpiryMode?: (mode: ExpiryEvents, reason: string) => void;
  /** The time source of the changes' and status events' `at`, and of the TTL poller (frozen in tests). */
  now?: () => number;
}

// Lua's # is the byte length, which is what the embedded store reports too.
const SIZE_SCRIPT = `
local t = redis.call('TYPE', KEYS[1]).ok
if t == 'string' then return redis.call('STRLEN', KEYS[1]) end
if t == 'set' or t == 'zset' then
  local members = t == 'set' and redis.call('SMEMBERS', KEYS[1]) or redis.call('ZRANGE', KEYS[1], 0, -1)
  local n = 0
  for _, m in ipairs(members) do n = n + #m end
  return n
end
return 0`;

/**
 * The Redis backend on ioredis: one command connection (auto-pipelined, no offline queue, so an outage
 * fails fast instead of piling up) and one subscriber connection for expiry and eviction notifications.
 * What differs on a Redis Cluster (key names, MULTI groups, SCAN, expiries) is its {@link RedisTopology}.
 */
export class RedisStore extends FeedStore implements KeyStore {
  readonly kind = 'redis' as const;
  readonly #topology: RedisTopology;
  readonly #client: RedisTopology['client'];
  readonly #now: () => number;
  readonly #notifications: KeyspaceNotifications | null;
  readonly #poller: TtlPoller;
  #expiryEvents: ExpiryEvents = 'keyspace-notifications';
  #connected = false;
  #wasReady = false;
  #lastError: string | null = null;
  #closed = false;
  /** The timer that ends an interruption under way (see {@link RedisStore.outage}), and when it ends. */
  #interrupted: ReturnType<typeof setTimeout> | undefined;
  #interruptedUntil = 0;

  constructor(options: RedisStoreOptions) {
    super(options.onListenerError);
    const connection = {
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: options.commandTimeoutMs,
    };
    const retry = (attempt: number) => Math.min(100 * attempt, 1_000);
    this.#now = options.now ?? Date.now;
    this.#topology = options.cluster
      ? new ClusterNodes(options.cluster, {
          enableAutoPipelining: true,
          enableOfflineQueue: false,
          clusterRetryStrategy: retry,
          redisOptions: connection,
        })
      : new SingleNode(options.url ?? 'redis://127.0.0.1:6379', {
          enableAutoPipelining: true,
          enableOfflineQueue: false,
          retryStrategy: retry,
          ...connection,
        });
    this.#client = this.#topology.client;
    this.outage = this.#topology.singleConnection ? { interrupt: (ms, who) => this.#interrupt(ms, who) } : null;
    this.memory = {
      scanMeasured: (cursor, { match, count }) =>
        this.#command(() => this.#topology.scanMeasured(cursor, match, count)),
    };
    const topology = this.#topology;
    this.placement =
      topology instanceof ClusterNodes ? { placementOf: (key) => topology.placement(topology.stored(key)) } : null;
    this.#poller = new TtlPoller(
      this.#client,
      options.sweepIntervalMs,
      (key) => this.#removed('expired', this.#topology.logical(key), key),
      this.#now,
    );
    if (this.#topology.expiries === 'polling') {
      this.#notifications = null;
      this.#poller.setActive(true);
      this.#expiryEvents = 'ttl-polling';
      queueMicrotask(() =>
        options.onExpiryMode?.(
          'ttl-polling',
          'Redis Cluster: keyspace notifications are per node, so expiries are polled',
        ),
      );
    } else
      this.#notifications = new KeyspaceNotifications(this.#topology.singleConnection!, options.namespace, {
        onRemoved: (op, key) => {
          this.#poller.forget(key);
          this.#removed(op, key, key);
        },
        onMode: (mode, reason) => {
          if (this.#closed) return;
          this.#expiryEvents = mode;
          this.#poller.setActive(mode === 'ttl-polling');
          options.onExpiryMode?.(mode, reason);
        },
      });
    this.#client.on('ready', () => this.#setConnected(true));
    this.#client.on('close', () => this.#setConnected(false));
    this.#client.on('error', (error: Error) => {
      this.#lastError = error.message;
    });
  }

  /**
   * A real outage of this app's store ({@link OutageCapable}): the command connection is closed and not reopened until
   * `ms` have passed, so every store call fails at once (no offline queue) and the store reports the outage, then the
   * recovery. Only this app's connection: other clients of the same Redis are not touched. One at a time: a second
   * throws {@link StoreAlreadyInterruptedError}. A cluster client holds one connection per master: it has no such
   * capability (null).
   */
  readonly outage: OutageCapable | null;

  /** On a cluster, each key's slot and master ({@link KeyPlaceable}); null on one redis-server. */
  readonly placement: KeyPlaceable | null;

  /** Each key's `MEMORY USAGE`, a page at a time (the key tree's bytes per group, {@link MemoryMeasurable}). */
  readonly memory: MemoryMeasurable;

  async #interrupt(ms: number, who = 'the app'): Promise<void> {
    if (this.#interrupted) throw new StoreAlreadyInterruptedError(Math.max(0, this.#interruptedUntil - this.#now()));
    this.#interruptedUntil = this.#now() + ms;
    this.#interrupted = setTimeout(() => {
      this.#interrupted = undefined;
      if (!this.#closed) void this.#client.connect().catch((error: Error) => (this.#lastError = error.message));
    }, ms);
    this.#interrupted.unref();
    this.#lastError = `${who} closed the connection for ${ms} ms`;
    this.#client.disconnect(false);
  }

  /** Resolves true once Redis answers PING, false when it has not within `timeoutMs`. */
  async waitReady(timeoutMs: number): Promise<boolean> {
    // A deadline, not AbortSignal.timeout: that one's timer would outlive an answer that came at once.
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline && !this.#closed) {
      if (this.#client.status === 'ready') {
        try {
          await this.#client.ping();
          return true;
        } catch (error) {
          this.#lastError = (error as Error).message;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  }

  storedKey(key: string): string {
    return this.#k(key);
  }

  get(key: string): Promise<string | null> {
    return this.#reading('GET', key, (stored) => this.#client.get(stored));
  }

  set(key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    return this.#writeOne({ op: 'set', key, value, ...options }) as Promise<boolean>;
  }

  async del(...keys: string[]): Promise<number> {
    const results = await Promise.all(keys.map((key) => this.#writeOne({ op: 'del', key })));
    return results.reduce<number>((sum, removed) => sum + Number(removed), 0);
  }

  exists(key: string): Promise<boolean> {
    return this.#reading('EXISTS', key, async (stored) => (await this.#client.exists(stored)) === 1);
  }

  pexpire(key: string, ms: number, when?: ExpireCondition): Promise<boolean> {
    return this.#writeOne(when ? { op: 'pexpire', key, ms, when } : { op: 'pexpire', key, ms }) as Promise<boolean>;
  }

  incr(key: string, by?: number): Promise<number> {
    return this.#writeOne(by === undefined ? { op: 'incr', key } : { op: 'incr', key, by }) as Promise<number>;
  }

  pttl(key: string): Promise<number> {
    return this.#reading('PTTL', key, (stored) => this.#client.pttl(stored));
  }

  persist(key: string): Promise<boolean> {
    return this.#writeOne({ op: 'persist', key }) as Promise<boolean>;
  }

  sadd(key: string, ...members: string[]): Promise<number> {
    return this.#writeOne({ op: 'sadd', key, members }) as Promise<number>;
  }

  srem(key: string, ...members: string[]): Promise<number> {
    return this.#writeOne({ op: 'srem', key, members }) as Promise<number>;
  }

  smembers(key: string): Promise<string[]> {
    return this.#reading('SMEMBERS', key, async (stored) => (await this.#client.smembers(stored)).sort());
  }

  scard(key: string): Promise<number> {
    return this.#reading('SCARD', key, (stored) => this.#client.scard(stored));
  }

  zadd(key: string, score: number, member: string): Promise<number> {
    return this.#writeOne({ op: 'zadd', key, entries: [{ score, member }] }) as Promise<number>;
  }

  zrem(key: string, ...members: string[]): Promise<number> {
    return this.#writeOne({ op: 'zrem', key, members }) as Promise<number>;
  }

  zrange(key: string): Promise<ScoredMember[]> {
    return this.#reading(
      'ZRANGE',
      key,
      async (stored) => {
        const flat = await this.#client.zrange(stored, '0', '-1', 'WITHSCORES');
        const entries: ScoredMember[] = [];
        for (let i = 0; i < flat.length; i += 2) entries.push({ member: flat[i]!, score: Number(flat[i + 1]) });
        return entries;
      },
      ZRANGE_ALL,
    );
  }

  zcard(key: string): Promise<number> {
    return this.#reading('ZCARD', key, (stored) => this.#client.zcard(stored));
  }

  scan(cursor: string, options: { match?: string; count?: number } = {}): Promise<ScanPage> {
    return this.#command(() => this.#topology.scan(cursor, options.match ?? '*', options.count ?? 10));
  }

  type(key: string): Promise<KeyType> {
    return this.#reading('TYPE', key, async (stored) => {
      const type = await this.#client.type(stored);
      if (type === 'string' || type === 'set' || type === 'zset' || type === 'none') return type;
      throw new WrongTypeError(`TYPE ${key}: ${type} is not a kind of value Session Lab writes`);
    });
  }

  size(key: string): Promise<number> {
    return this.#command(async () => Number(await this.#client.eval(SIZE_SCRIPT, 1, this.#k(key))));
  }

  multi(ops: WriteOp[]): Promise<WriteResult[]> {
    return this.#command(async () => {
      ops.forEach(validateOp);
      const { results, ttlsAfter, failed } = await execGrouped(this.#topology, ops);
      await this.#announce(ops, results, ttlsAfter);
      if (failed) throw failed;
      return results;
    });
  }

  status(): StoreStatus {
    return {
      kind: 'redis',
      connected: this.#connected,
      expiryEvents: this.#expiryEvents,
      lastError: this.#connected ? null : this.#lastError,
    };
  }

  usedMemory(): Promise<number | null> {
    return this.#command(async () => {
      const each = await Promise.all(
        this.#topology
          .dataNodes()
          .map(async (node) => Number(/used_memory:(\d+)/.exec(await node.info('memory'))?.[1] ?? NaN)),
      );
      return each.reduce((sum, bytes) => sum + bytes, 0);
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.#interrupted);
    if (this.#closed) return;
    this.#closed = true;
    this.#poller.stop();
    await this.#notifications?.close();
    if (this.#client.status === 'ready') {
      // QUIT, or at most 500 ms (the timer is cleared as soon as QUIT answers, so nothing outlives the store).
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.#client.quit().catch(() => {}),
        new Promise((resolve) => (timer = setTimeout(resolve, 500))),
      ]);
      clearTimeout(timer);
    }
    this.#client.disconnect();
    this.feed.clear();
  }

  async #writeOne(op: WriteOp): Promise<WriteResult> {
    return this.#command(async () => {
      validateOp(op);
      // KEEPTTL's announcement needs the TTL kept: read in the same MULTI, so it cannot fail after the write.
      if (op.op === 'set' && op.keepTtl) return (await this.multi([op]))[0]!;
      const result = resultOf(op, await this.#client.call(...argsFor(this.#physical(op))));
      await this.#announce([op], [result], []);
      return result;
    });
  }

  async #announce(ops: WriteOp[], results: WriteResult[], ttlsAfter: (number | undefined)[]): Promise<void> {
    const at = this.#now();
    for (const [i, op] of ops.entries()) {
      // The command as it was sent (with the cluster's hash tag), under the key's logical name.
      const physical = this.#physical(op);
      const change = changeFor(physical, results[i]!, at, ttlsAfter[i]);
      if (!change) continue;
      this.feed.emitChange({ ...change, key: op.key });
      if (!this.#poller.active) continue;
      // An SREM or ZREM that empties its set deletes it: that is no expiry, so the poller must stop waiting for it.
      if ((op.op === 'srem' || op.op === 'zrem') && !(await this.#client.exists(physical.key).catch(() => 1)))
        this.#poller.forget(physical.key);
      else this.#poller.track(change);
    }
  }

  /** A read of one key, announced on the read feed once it answered. */
  #reading<T>(
    name: string,
    key: string,
    run: (storedKey: string) => Promise<T>,
    args: readonly (string | number)[] = [],
  ): Promise<T> {
    const stored = this.#k(key);
    return this.#command(async () => {
      const result = await run(stored);
      this.announceRead(name, key, stored, this.#now(), args);
      return result;
    });
  }

  async #command<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError('the store is closed');
    if (this.#client.status !== 'ready') {
      throw new StoreUnavailableError(`Redis is not reachable (${this.#lastError ?? this.#client.status})`);
    }
    try {
      return await run();
    } catch (error) {
      throw translate(error);
    }
  }

  /** A key the store removed itself: announced under its logical name, with the command for the key as stored. */
  #removed(op: 'expired' | 'evicted', key: string, physicalKey: string): void {
    this.feed.emitChange({ ...removalChange(op, physicalKey, this.#now()), key });
  }

  /** The key as stored: tagged on a cluster, as it is otherwise. */
  #k(key: string): string {
    return this.#topology.stored(key);
  }

  #physical(op: WriteOp): WriteOp {
    return { ...op, key: this.#topology.stored(op.key) };
  }

  #setConnected(connected: boolean): void {
    if (connected === this.#connected) return;
    this.#connected = connected;
    if (connected) this.#lastError = null;
    // A killed server closes the socket cleanly, so there may be no 'error' until the first reconnect fails.
    else this.#lastError ??= 'the connection to Redis closed';
    const first = connected && !this.#wasReady;
    this.#wasReady ||= connected;
    if (first) return;
    this.feed.emitStatus({
      kind: 'redis',
      connected,
      event: connected ? 'recovered' : 'outage',
      at: this.#now(),
      lastError: this.#lastError,
    });
  }
}
