import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { globMatcher } from '../../shared/glob.ts';
import { clusterKey, clusterPattern, logicalKey, slotGroup } from './cluster-keys.ts';
import type { KeyPlacement, MeasuredScanPage, ScanPage } from './types.ts';

/**
 * What differs between one redis-server and a Redis Cluster, behind one small interface, so RedisStore is written
 * once: the client, how a key is named where it is stored, which keys one MULTI may hold, how SCAN walks the whole
 * keyspace, which nodes hold data, and how expiries are learned.
 */
export interface RedisTopology {
  readonly client: Redis | Cluster;
  /** How expiries are learned: keyspace notifications (one node), or TTL polling (notifications are per node). */
  readonly expiries: 'notifications' | 'polling';
  /** The one connection an outage can close, or null when there are several (a cluster holds one per master). */
  readonly singleConnection: Redis | null;
  /** The key as stored (tagged on a cluster). */
  stored(key: string): string;
  /** The app's name of a stored key. */
  logical(storedKey: string): string;
  /** Keys with the same group may share one MULTI ('' on one node; the slot's hash tag on a cluster). */
  multiGroup(storedKey: string): string;
  /** One page of SCAN over the whole keyspace, in logical names. */
  scan(cursor: string, match: string, count: number): Promise<ScanPage>;
  /** The nodes that hold data (for INFO). */
  dataNodes(): Redis[];
  /** One page of SCAN, in logical names, with each key's `MEMORY USAGE` asked of the node that answered the SCAN. */
  scanMeasured(cursor: string, match: string, count: number): Promise<MeasuredScanPage>;
}

/** `MEMORY USAGE` of each stored key, in one pipeline to the node that holds them all (null: gone meanwhile). */
async function memoryUsage(node: Redis, storedKeys: string[]): Promise<(number | null)[]> {
  if (storedKeys.length === 0) return [];
  const pipeline = node.pipeline();
  for (const key of storedKeys) pipeline.memory('USAGE', key);
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, bytes]) => (error || bytes === null ? null : Number(bytes)));
}

/** One redis-server: keys as they are, SCAN as it is, notifications for expiries. */
export class SingleNode implements RedisTopology {
  readonly client: Redis;
  readonly expiries = 'notifications' as const;

  constructor(url: string, options: RedisOptions) {
    this.client = new Redis(url, options);
  }

  get singleConnection(): Redis {
    return this.client;
  }

  stored(key: string): string {
    return key;
  }

  logical(storedKey: string): string {
    return storedKey;
  }

  multiGroup(): string {
    return '';
  }

  async scan(cursor: string, match: string, count: number): Promise<ScanPage> {
    const [next, keys] = await this.client.scan(cursor, 'MATCH', match, 'COUNT', count);
    return { cursor: next, keys };
  }

  dataNodes(): Redis[] {
    return [this.client];
  }

  async scanMeasured(cursor: string, match: string, count: number): Promise<MeasuredScanPage> {
    const page = await this.scan(cursor, match, count);
    const bytes = await memoryUsage(this.client, page.keys);
    return { cursor: page.cursor, keys: page.keys.map((key, i) => ({ key, bytes: bytes[i] ?? null })) };
  }
}

/** A cursor over a cluster's masters: which master (in a fixed order), and that master's own SCAN cursor. */
const CLUSTER_CURSOR = /^(\d+)-(\d+)$/;
/** A cursor at the start of a master's keys (the one before it has been walked to its end). */
const NEXT_MASTER = /^\d+-0$/;

/**
 * A Redis Cluster: ioredis' Cluster client, each user's keys under the user's hash tag so a MULTI of one user's keys
 * stays in one slot (cluster-keys.ts), SCAN over every master in turn, and expiries found by TTL polling.
 */
export class ClusterNodes implements RedisTopology {
  readonly client: Cluster;
  readonly expiries = 'polling' as const;
  readonly singleConnection = null;

  constructor(nodes: { host: string; port: number }[], options: ConstructorParameters<typeof Cluster>[1]) {
    this.client = new Cluster(nodes, options);
  }

  stored(key: string): string {
    return clusterKey(key);
  }

  logical(storedKey: string): string {
    return logicalKey(storedKey);
  }

  multiGroup(storedKey: string): string {
    return slotGroup(storedKey);
  }

  async scan(cursor: string, match: string, count: number): Promise<ScanPage> {
    // A master that has no more keys hands over to the next one within the same page, so a small keyspace comes back
    // whole in one page instead of one page per master (the key browser would take the masters' keys for "more").
    const keys: string[] = [];
    let page = await this.#scanStored(cursor, match, count);
    keys.push(...page.stored.map(logicalKey));
    while (keys.length < count && NEXT_MASTER.test(page.cursor)) {
      page = await this.#scanStored(page.cursor, match, count - keys.length);
      keys.push(...page.stored.map(logicalKey));
    }
    return { cursor: page.cursor, keys };
  }

  async scanMeasured(cursor: string, match: string, count: number): Promise<MeasuredScanPage> {
    const page = await this.#scanStored(cursor, match, count);
    const bytes = page.node ? await memoryUsage(page.node, page.stored) : [];
    return {
      cursor: page.cursor,
      keys: page.stored.map((key, i) => ({ key: logicalKey(key), bytes: bytes[i] ?? null })),
    };
  }

  /** One SCAN step on one master (the keys as stored there, matching `match` by their logical names). */
  async #scanStored(
    cursor: string,
    match: string,
    count: number,
  ): Promise<{ cursor: string; stored: string[]; node: Redis | null }> {
    // Each master in turn (a fixed order), each with its own cursor: `<master>-<its cursor>`.
    const masters = this.dataNodes();
    const at = CLUSTER_CURSOR.exec(cursor === '0' ? '0-0' : cursor);
    const index = at ? Number(at[1]) : masters.length;
    if (index >= masters.length) return { cursor: '0', stored: [], node: null };
    const node = masters[index]!;
    const [next, found] = await node.scan(at![2]!, 'MATCH', clusterPattern(match), 'COUNT', count);
    const matches = globMatcher(match);
    const stored = found.filter((key) => matches(logicalKey(key)));
    const nextCursor = next !== '0' ? `${index}-${next}` : index + 1 < masters.length ? `${index + 1}-0` : '0';
    return { cursor: nextCursor, stored, node };
  }

  /**
   * The slot is computed here as Redis does (`CLUSTER KEYSLOT`), the master read from the client's slot table (which
   * ioredis fills from `CLUSTER SLOTS` before it is ready, and refreshes on a MOVED): no round trip per key.
   */
  placement(storedKey: string): KeyPlacement {
    const slot = calculateSlot(storedKey);
    return { slot, node: this.client.slots[slot]?.[0] ?? null };
  }

  dataNodes(): Redis[] {
    return this.client
      .nodes('master')
      .sort((a, b) => `${a.options.host}:${a.options.port}`.localeCompare(`${b.options.host}:${b.options.port}`));
  }
}
