import { LAB_KEY_KINDS, type ClearKeysResponse } from '../../../shared/api/lab-clear-keys.ts';

/** What "clear lab keys" removed, in words: "Removed 12 keys: 7 denylist, 3 refresh, 2 throttle". */
export function clearedText(answer: ClearKeysResponse): string {
  if (answer.total === 0) return 'Nothing to clear: no denylist, refresh or throttle keys were left.';
  const parts = LAB_KEY_KINDS.filter((kind) => answer.removed[kind] > 0).map(
    (kind) => `${answer.removed[kind]} ${kind}`,
  );
  return `Removed ${answer.total === 1 ? '1 key' : `${answer.total} keys`}: ${parts.join(', ')}`;
}
