import type { KeyStore } from '../../server/store/types.ts';

/** Every key a whole SCAN returns for `match`, once each (a page may be empty before the cursor comes back to 0: on a cluster, each master in turn). */
export async function scanAll(store: KeyStore, match: string): Promise<string[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const page = await store.scan(cursor, { match, count: 100 });
    for (const key of page.keys) keys.add(key);
    cursor = page.cursor;
  } while (cursor !== '0');
  return [...keys];
}
