import type { KeyStore } from '../store/types.ts';

/** The console sees Session Lab's keys only: a shared Redis' other keys are not the learner's to read or change. */
export const CONSOLE_PREFIX = 'sl:';

/** How many SCAN steps one console command walks at most (a runaway cursor stops here). */
const MAX_STEPS = 10_000;

/** What a SCAN typed in the console answers: the next cursor, and the keys found, sorted. */
export interface ConsoleScan {
  cursor: string;
  keys: string[];
}

/**
 * `SCAN cursor MATCH match COUNT count` over the store, continued until it found `count` keys or came back to `0`: a
 * SCAN step of the embedded store or of one cluster master is not a step of one redis-server, so one console SCAN walks
 * until COUNT is met (COUNT is a hint in Redis too). Keys outside `sl:` are left out; each answer is sorted, so the
 * three backends answer alike (Redis' own order is its hash table's).
 */
export async function consoleScan(store: KeyStore, cursor: string, match: string, count: number): Promise<ConsoleScan> {
  const keys: string[] = [];
  let next = cursor;
  for (let step = 0; step < MAX_STEPS; step++) {
    const page = await store.scan(next, { match, count });
    keys.push(...page.keys.filter((key) => key.startsWith(CONSOLE_PREFIX)));
    next = page.cursor;
    if (next === '0' || keys.length >= count) break;
  }
  return { cursor: next, keys: [...new Set(keys)].sort() };
}

/** Every `sl:` key matching `match`, sorted: a SCAN to the end (what the console runs for KEYS, DBSIZE and INFO). */
export async function allKeys(store: KeyStore, match: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  for (let step = 0; step < MAX_STEPS; step++) {
    const page = await store.scan(cursor, { match, count: 1_000 });
    for (const key of page.keys) if (key.startsWith(CONSOLE_PREFIX)) found.add(key);
    cursor = page.cursor;
    if (cursor === '0') break;
  }
  return [...found].sort();
}

/**
 * The `# Keyspace` section of INFO, counted over the `sl:` keys: how many, how many with a TTL, and their average TTL
 * in ms (Redis' own avg_ttl is an estimate from sampling).
 */
export async function keyspaceInfo(store: KeyStore): Promise<string> {
  const keys = await allKeys(store, `${CONSOLE_PREFIX}*`);
  const ttls: number[] = [];
  for (let i = 0; i < keys.length; i += 500)
    ttls.push(...(await Promise.all(keys.slice(i, i + 500).map((key) => store.pttl(key)))));
  const live = ttls.filter((ttl) => ttl >= 0);
  const average = live.length === 0 ? 0 : Math.round(live.reduce((sum, ttl) => sum + ttl, 0) / live.length);
  const lines = ['# Keyspace'];
  if (keys.length > 0) lines.push(`db0:keys=${keys.length},expires=${live.length},avg_ttl=${average}`);
  return lines.join('\n');
}

/** A glob that matches exactly `key` (Redis' glob special characters escaped). */
export function exactPattern(key: string): string {
  return key.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

/** Redis-style words for a key outside the console's reach. */
export function outsidePrefix(key: string): string {
  return `ERR this console reads and writes Session Lab's keys only (names starting with ${CONSOLE_PREFIX}), not '${key}'`;
}
