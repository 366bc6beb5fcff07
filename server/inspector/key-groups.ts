import { setImmediate as nextTurn } from 'node:timers/promises';
import { memoryOf, type KeyStore } from '../store/types.ts';
import { GROUP_KEYS_NAMED, type KeyGroup, type KeyGroups } from '../../shared/api/key-groups.ts';
import { keyGroupOf } from '../../shared/key-groups.ts';

/**
 * How much one count may cost. A 100k-key store is walked in 100 SCAN steps of 1,000 keys (each step's `MEMORY USAGE`
 * one pipeline to the node that answered it), yielding to other requests between steps; the walk stops, and says
 * `complete: false`, after `maxKeys` keys or `budgetMs`, whichever comes first.
 */
export interface KeyGroupBounds {
  /** SCAN's COUNT per step. */
  batch: number;
  /** Keys counted at most. */
  maxKeys: number;
  /** Time spent at most, in ms. */
  budgetMs: number;
}

/** The bounds the route uses. */
export const KEY_GROUP_BOUNDS: KeyGroupBounds = { batch: 1_000, maxKeys: 250_000, budgetMs: 5_000 };

interface Tally {
  count: number;
  bytes: number;
  /** The keys while there are at most GROUP_KEYS_NAMED; undefined past that. */
  keys: string[] | undefined;
}

/** One SCAN step with each key's bytes: `MEMORY USAGE` on Redis, the value's bytes on the embedded store. */
function measuredStep(store: KeyStore): {
  measure: KeyGroups['measure'];
  step: (
    cursor: string,
    match: string,
    count: number,
  ) => Promise<{ cursor: string; keys: { key: string; bytes: number | null }[] }>;
} {
  const memory = memoryOf(store);
  if (memory)
    return { measure: 'memory-usage', step: (cursor, match, count) => memory.scanMeasured(cursor, { match, count }) };
  return {
    measure: 'value-bytes',
    step: async (cursor, match, count) => {
      const page = await store.scan(cursor, { match, count });
      const bytes = await Promise.all(page.keys.map((key) => store.size(key)));
      return { cursor: page.cursor, keys: page.keys.map((key, i) => ({ key, bytes: bytes[i]! })) };
    },
  };
}

/**
 * Counts the keys matching `match` by group (`sl:sess:`, `sl:refresh:`…, a cluster's tagged names by their logical
 * ones) with their bytes summed, walking the whole keyspace (every master on a cluster) within `bounds`. A key SCAN
 * returns twice is counted once.
 */
export async function countKeyGroups(
  store: KeyStore,
  match: string,
  bounds: KeyGroupBounds = KEY_GROUP_BOUNDS,
  clock: () => number = () => performance.now(),
): Promise<KeyGroups> {
  const started = clock();
  const { measure, step } = measuredStep(store);
  const seen = new Set<string>();
  const tallies = new Map<string, Tally>();
  let cursor = '0';
  const withinBounds = () => seen.size < bounds.maxKeys && clock() - started < bounds.budgetMs;
  for (;;) {
    const page = await step(cursor, match, bounds.batch);
    for (const { key, bytes } of page.keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      const prefix = keyGroupOf(key);
      let tally = tallies.get(prefix);
      if (!tally) tallies.set(prefix, (tally = { count: 0, bytes: 0, keys: [] }));
      tally.count++;
      tally.bytes += bytes ?? 0;
      if (tally.keys && tally.keys.push(key) > GROUP_KEYS_NAMED) tally.keys = undefined;
    }
    cursor = page.cursor;
    if (cursor === '0' || !withinBounds()) break;
    // Other requests go first between steps (the embedded store answers synchronously underneath).
    await nextTurn();
  }
  const groups: KeyGroup[] = [...tallies]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([prefix, tally]) => ({
      prefix,
      count: tally.count,
      bytes: tally.bytes,
      ...(tally.keys ? { keys: tally.keys.sort() } : {}),
    }));
  return {
    groups,
    scanned: seen.size,
    complete: cursor === '0',
    measure,
    ms: Math.round((clock() - started) * 10) / 10,
  };
}

/**
 * One count at a time per pattern: a request that comes while the same count runs gets its answer, so a window
 * refreshing often (or several windows) cannot start one 100k-key walk each.
 */
export class KeyGroupCounter {
  readonly #running = new Map<string, Promise<KeyGroups>>();
  readonly #store: KeyStore;
  readonly #bounds: KeyGroupBounds;

  constructor(store: KeyStore, bounds: KeyGroupBounds = KEY_GROUP_BOUNDS) {
    this.#store = store;
    this.#bounds = bounds;
  }

  /** The groups of the keys matching `match`. */
  count(match: string): Promise<KeyGroups> {
    const running = this.#running.get(match);
    if (running) return running;
    const counting = countKeyGroups(this.#store, match, this.#bounds).finally(() => this.#running.delete(match));
    this.#running.set(match, counting);
    return counting;
  }
}
