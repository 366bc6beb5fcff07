import { ClusterNodes, SingleNode, type RedisTopology } from './redis-topology.ts';
import { KeyspaceNotifications } from './keyspace-notifications.ts';
import { RedisKeyspace } from './redis-keyspace.ts';
import type { ExpiryEvents } from './status.ts';
import type { KeyPlaceable, KeyStore, MemoryMeasurable, OutageCapable, StoreStatus } from './types.ts';
import { StoreAlreadyInterruptedError } from '../errors.ts';

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

/** The one redis-server or the cluster of `options`, behind its topology: connections that fail fast. */
function topologyOf(options: RedisStoreOptions): RedisTopology {
  const connection = {
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.commandTimeoutMs,
  };
  const retry = (attempt: number) => Math.min(100 * attempt, 1_000);
  return options.cluster
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
}

/**
 * The Redis backend on ioredis: one command connection (auto-pipelined, no offline queue, so an outage
 * fails fast instead of piling up) and one subscriber connection for expiry and eviction notifications.
 * What differs on a Redis Cluster (key names, MULTI groups, SCAN, expiries) is its {@link RedisTopology}; the
 * commands and their announcements are {@link RedisKeyspace}'s; this class keeps the connection: its status, the
 * outage, expiry events and close.
 */
export class RedisStore extends RedisKeyspace implements KeyStore {
  readonly kind = 'redis' as const;
  readonly #notifications: KeyspaceNotifications | null;
  #expiryEvents: ExpiryEvents = 'keyspace-notifications';
  #connected = false;
  #wasReady = false;
  #lastError: string | null = null;
  #closed = false;
  /** The timer that ends an interruption under way (see {@link RedisStore.outage}), and when it ends. */
  #interrupted: ReturnType<typeof setTimeout> | undefined;
  #interruptedUntil = 0;

  constructor(options: RedisStoreOptions) {
    super(topologyOf(options), {
      sweepIntervalMs: options.sweepIntervalMs,
      now: options.now ?? Date.now,
      ...(options.onListenerError ? { onListenerError: options.onListenerError } : {}),
    });
    this.outage = this.topology.singleConnection ? { interrupt: (ms, who) => this.#interrupt(ms, who) } : null;
    this.memory = {
      scanMeasured: (cursor, { match, count }) => this.command(() => this.topology.scanMeasured(cursor, match, count)),
    };
    const topology = this.topology;
    this.placement =
      topology instanceof ClusterNodes ? { placementOf: (key) => topology.placement(topology.stored(key)) } : null;
    if (this.topology.expiries === 'polling') {
      this.#notifications = null;
      this.poller.setActive(true);
      this.#expiryEvents = 'ttl-polling';
      queueMicrotask(() =>
        options.onExpiryMode?.(
          'ttl-polling',
          'Redis Cluster: keyspace notifications are per node, so expiries are polled',
        ),
      );
    } else
      this.#notifications = new KeyspaceNotifications(this.topology.singleConnection!, options.namespace, {
        onRemoved: (op, key) => {
          this.poller.forget(key);
          this.removed(op, key, key);
        },
        onMode: (mode, reason) => {
          if (this.#closed) return;
          this.#expiryEvents = mode;
          this.poller.setActive(mode === 'ttl-polling');
          options.onExpiryMode?.(mode, reason);
        },
      });
    this.client.on('ready', () => this.#setConnected(true));
    this.client.on('close', () => this.#setConnected(false));
    this.client.on('error', (error: Error) => {
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
    if (this.#interrupted) throw new StoreAlreadyInterruptedError(Math.max(0, this.#interruptedUntil - this.now()));
    this.#interruptedUntil = this.now() + ms;
    this.#interrupted = setTimeout(() => {
      this.#interrupted = undefined;
      if (!this.#closed) void this.client.connect().catch((error: Error) => (this.#lastError = error.message));
    }, ms);
    this.#interrupted.unref();
    this.#lastError = `${who} closed the connection for ${ms} ms`;
    this.client.disconnect(false);
  }

  /** Resolves true once Redis answers PING, false when it has not within `timeoutMs`. */
  async waitReady(timeoutMs: number): Promise<boolean> {
    // A deadline, not AbortSignal.timeout: that one's timer would outlive an answer that came at once.
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline && !this.#closed) {
      if (this.client.status === 'ready') {
        try {
          await this.client.ping();
          return true;
        } catch (error) {
          this.#lastError = (error as Error).message;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
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
    return this.command(async () => {
      const each = await Promise.all(
        this.topology
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
    this.poller.stop();
    await this.#notifications?.close();
    if (this.client.status === 'ready') {
      // QUIT, or at most 500 ms (the timer is cleared as soon as QUIT answers, so nothing outlives the store).
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.client.quit().catch(() => {}),
        new Promise((resolve) => (timer = setTimeout(resolve, 500))),
      ]);
      clearTimeout(timer);
    }
    this.client.disconnect();
    this.feed.clear();
  }

  protected unavailable(): string | null {
    if (this.#closed) return 'the store is closed';
    return this.client.status === 'ready' ? null : `Redis is not reachable (${this.#lastError ?? this.client.status})`;
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
      at: this.now(),
      lastError: this.#lastError,
    });
  }
}
