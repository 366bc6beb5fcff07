import {
  denylistKey,
  refreshFamilyKey,
  refreshKey,
  refreshRevokedKey,
  refreshRotatedKey,
} from '../tokens/token-keys.ts';
import type { KeyStore } from '../store/types.ts';
import type { ClearKeysResponse, LabKeyKind } from '../../shared/api/lab-clear-keys.ts';

/**
 * The SCAN patterns of each kind of key earlier labs leave behind. Cookie sessions (`sl:sess:*`) and their users'
 * indexes (`sl:user_sessions:*`) are not among them, nor `sl:totp_used:*` (a code's replay guard, gone in 90 s).
 */
export const LAB_KEY_PATTERNS: Record<LabKeyKind, readonly string[]> = {
  denylist: [denylistKey('*')],
  refresh: [
    refreshKey('*'),
    refreshFamilyKey('*'),
    refreshRotatedKey('*'),
    refreshRevokedKey('*'),
    // userRefreshFamiliesKey takes a user id: its pattern is written out.
    'sl:user_refresh:*',
  ],
  throttle: ['sl:throttle:*'],
};

/** Keys deleted per DEL call: a page of SCAN at most. */
const SCAN_COUNT = 200;

/**
 * Removes every key of the given kinds, through the store (so each deletion is announced on the change feed like any
 * other), and answers how many were removed, by kind. Each pattern is scanned to its end (on a cluster, every master
 * in turn) and each page deleted as it comes; a key that expired meanwhile is not counted.
 */
export async function clearLabKeys(store: KeyStore, kinds: readonly LabKeyKind[]): Promise<ClearKeysResponse> {
  const removed = { denylist: 0, refresh: 0, throttle: 0 };
  for (const kind of kinds) {
    for (const match of LAB_KEY_PATTERNS[kind]) {
      let cursor = '0';
      do {
        const page = await store.scan(cursor, { match, count: SCAN_COUNT });
        if (page.keys.length > 0) removed[kind] += await store.del(...page.keys);
        cursor = page.cursor;
      } while (cursor !== '0');
    }
  }
  return { removed, total: removed.denylist + removed.refresh + removed.throttle };
}
