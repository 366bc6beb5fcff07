import { memoryOf, type KeyStore } from '../store/types.ts';
import { CONSOLE_PREFIX, exactPattern, outsidePrefix } from './console-keyspace.ts';
import { reply, type Reply } from './console-reply.ts';

/**
 * `MEMORY USAGE key`: on Redis, Redis' own figure, asked of the node that holds the key (found by a SCAN that matches
 * its name alone, through the store's {@link memoryOf} capability); on the embedded store, which has no such figure, the
 * value's bytes (as the key table shows them) and a line that says so.
 */
export async function memoryUsage(store: KeyStore, args: string[]): Promise<Reply[]> {
  const [sub, key] = args;
  if (sub!.toUpperCase() !== 'USAGE' || key === undefined)
    return [reply.error(`ERR this console knows MEMORY USAGE <key> only, not MEMORY ${sub}`)];
  if (!key.startsWith(CONSOLE_PREFIX)) return [reply.error(outsidePrefix(key))];
  const memory = memoryOf(store);
  if (memory) {
    let cursor = '0';
    do {
      const page = await memory.scanMeasured(cursor, { match: exactPattern(key), count: 1_000 });
      const found = page.keys.find((entry) => entry.key === key);
      if (found) return [found.bytes === null ? reply.bulk(null) : reply.integer(found.bytes)];
      cursor = page.cursor;
    } while (cursor !== '0');
    return [reply.bulk(null)];
  }
  if (!(await store.exists(key))) return [reply.bulk(null)];
  return [
    reply.integer(await store.size(key)),
    reply.raw(
      "(embedded store: the bytes of the value alone, its length or its members' lengths; Redis would add its own bookkeeping)",
    ),
  ];
}
