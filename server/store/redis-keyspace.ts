import { OpStore } from './op-store.ts';
import { execGrouped } from './redis-multi.ts';
import type { RedisTopology } from './redis-topology.ts';
import { ZRANGE_ALL, argsFor } from './redis-cli.ts';
import { TtlPoller } from './ttl-poller.ts';
import type { KeyType, ScanPage, ScoredMember, WriteOp, WriteResult } from './types.ts';
import { validateOp } from './validate-op.ts';
import { changeFor, removalChange } from './write-change.ts';
import { StoreUnavailableError, WrongTypeError } from '../errors.ts';
import { resultOf, translate } from './redis-replies.ts';

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
 * The keyspace half of the Redis backend: every command of the store contract on the topology's client, each read
 * announced on the read feed once it answered, each write on the change feed as it was sent (with a cluster's hash
 * tag, under the key's logical name), and the TTL poller kept in step with the writes. The connection (its status,
 * outage and close) is {@link RedisStore}'s, which says through {@link RedisKeyspace.unavailable} when a command
 * cannot be sent.
 */
export abstract class RedisKeyspace extends OpStore {
  /** What differs between one redis-server and a cluster. */
  protected readonly topology: RedisTopology;
  /** The command connection (or the cluster client). */
  protected readonly client: RedisTopology['client'];
  /** The time source of the changes' and reads' `at`, and of the TTL poller. */
  protected readonly now: () => number;
  /** Finds expiries when keyspace notifications cannot (a cluster, a Redis that refuses CONFIG); off until set active. */
  protected readonly poller: TtlPoller;

  constructor(
    topology: RedisTopology,
    options: { sweepIntervalMs: number; now: () => number; onListenerError?: (error: unknown) => void },
  ) {
    super(options.onListenerError);
    this.topology = topology;
    this.client = topology.client;
    this.now = options.now;
    this.poller = new TtlPoller(
      this.client,
      options.sweepIntervalMs,
      (key) => this.removed('expired', this.topology.logical(key), key),
      this.now,
    );
  }

  /** Why no command can be sent now (the store closed, Redis not reachable), or null when one can. */
  protected abstract unavailable(): string | null;

  storedKey(key: string): string {
    return this.#k(key);
  }

  get(key: string): Promise<string | null> {
    return this.#reading('GET', key, (stored) => this.client.get(stored));
  }

  async del(...keys: string[]): Promise<number> {
    const results = await Promise.all(keys.map((key) => this.writeOne({ op: 'del', key })));
    return results.reduce<number>((sum, removed) => sum + Number(removed), 0);
  }

  exists(key: string): Promise<boolean> {
    return this.#reading('EXISTS', key, async (stored) => (await this.client.exists(stored)) === 1);
  }

  pttl(key: string): Promise<number> {
    return this.#reading('PTTL', key, (stored) => this.client.pttl(stored));
  }

  smembers(key: string): Promise<string[]> {
    return this.#reading('SMEMBERS', key, async (stored) => (await this.client.smembers(stored)).sort());
  }

  scard(key: string): Promise<number> {
    return this.#reading('SCARD', key, (stored) => this.client.scard(stored));
  }

  zrange(key: string): Promise<ScoredMember[]> {
    return this.#reading(
      'ZRANGE',
      key,
      async (stored) => {
        const flat = await this.client.zrange(stored, '0', '-1', 'WITHSCORES');
        const entries: ScoredMember[] = [];
        for (let i = 0; i < flat.length; i += 2) entries.push({ member: flat[i]!, score: Number(flat[i + 1]) });
        return entries;
      },
      ZRANGE_ALL,
    );
  }

  zcard(key: string): Promise<number> {
    return this.#reading('ZCARD', key, (stored) => this.client.zcard(stored));
  }

  scan(cursor: string, options: { match?: string; count?: number } = {}): Promise<ScanPage> {
    return this.command(() => this.topology.scan(cursor, options.match ?? '*', options.count ?? 10));
  }

  type(key: string): Promise<KeyType> {
    return this.#reading('TYPE', key, async (stored) => {
      const type = await this.client.type(stored);
      if (type === 'string' || type === 'set' || type === 'zset' || type === 'none') return type;
      throw new WrongTypeError(`TYPE ${key}: ${type} is not a kind of value Session Lab writes`);
    });
  }

  size(key: string): Promise<number> {
    return this.command(async () => Number(await this.client.eval(SIZE_SCRIPT, 1, this.#k(key))));
  }

  multi(ops: WriteOp[]): Promise<WriteResult[]> {
    return this.command(async () => {
      ops.forEach(validateOp);
      const { results, ttlsAfter, failed } = await execGrouped(this.topology, ops);
      await this.#announce(ops, results, ttlsAfter);
      if (failed) throw failed;
      return results;
    });
  }

  protected override async writeOne(op: WriteOp): Promise<WriteResult> {
    return this.command(async () => {
      validateOp(op);
      // KEEPTTL's announcement needs the TTL kept: read in the same MULTI, so it cannot fail after the write.
      if (op.op === 'set' && op.keepTtl) return (await this.multi([op]))[0]!;
      const result = resultOf(op, await this.client.call(...argsFor(this.#physical(op))));
      await this.#announce([op], [result], []);
      return result;
    });
  }

  async #announce(ops: WriteOp[], results: WriteResult[], ttlsAfter: (number | undefined)[]): Promise<void> {
    const at = this.now();
    for (const [i, op] of ops.entries()) {
      // The command as it was sent (with the cluster's hash tag), under the key's logical name.
      const physical = this.#physical(op);
      const change = changeFor(physical, results[i]!, at, ttlsAfter[i]);
      if (!change) continue;
      this.feed.emitChange({ ...change, key: op.key });
      if (!this.poller.active) continue;
      // An SREM or ZREM that empties its set deletes it: that is no expiry, so the poller must stop waiting for it.
      if ((op.op === 'srem' || op.op === 'zrem') && !(await this.client.exists(physical.key).catch(() => 1)))
        this.poller.forget(physical.key);
      else this.poller.track(change);
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
    return this.command(async () => {
      const result = await run(stored);
      this.announceRead(name, key, stored, this.now(), args);
      return result;
    });
  }

  /** Runs one command when the connection can take it, with what ioredis throws turned into the store's errors. */
  protected async command<T>(run: () => Promise<T>): Promise<T> {
    const unavailable = this.unavailable();
    if (unavailable) throw new StoreUnavailableError(unavailable);
    try {
      return await run();
    } catch (error) {
      throw translate(error);
    }
  }

  /** A key the store removed itself: announced under its logical name, with the command for the key as stored. */
  protected removed(op: 'expired' | 'evicted', key: string, physicalKey: string): void {
    this.feed.emitChange({ ...removalChange(op, physicalKey, this.now()), key });
  }

  /** The key as stored: tagged on a cluster, as it is otherwise. */
  #k(key: string): string {
    return this.topology.stored(key);
  }

  #physical(op: WriteOp): WriteOp {
    return { ...op, key: this.topology.stored(op.key) };
  }
}
