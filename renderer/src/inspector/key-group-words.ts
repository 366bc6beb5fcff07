import { groupLabel } from '../../../shared/key-groups.ts';
import type { KeyGroups } from '../../../shared/api/key-groups.ts';

/** What each kind of key is, in a learner's words (docs/store.md's key layout). */
const KIND_WORDS: Record<string, string> = {
  sess: 'cookie sessions',
  user_sessions: "each user's session ids",
  refresh: 'refresh tokens',
  refresh_family: 'refresh-token families',
  refresh_rotated: 'used refresh tokens (reuse detection)',
  refresh_revoked: 'revoked refresh families',
  user_refresh: "each user's refresh families",
  denylist: 'logged-out access tokens',
  throttle: 'login attempt counters',
  totp_used: 'MFA codes already used',
  bench: 'benchmark keys',
};

/** What the keys of a group are ("cookie sessions"), or null for a kind the app does not write. */
export function groupWords(prefix: string): string | null {
  return KIND_WORDS[groupLabel(prefix)] ?? null;
}

/** Bytes as a learner reads them: 412 B, 3.4 KB, 12.1 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1_024) return `${bytes} B`;
  if (bytes < 1_024 * 1_024) return `${(bytes / 1_024).toFixed(1)} KB`;
  return `${(bytes / 1_024 / 1_024).toFixed(1)} MB`;
}

/** The size column's heading and what it means, per store (shown in a line above the tree). */
export function measureWords(measure: KeyGroups['measure']): { heading: string; meaning: string } {
  return measure === 'memory-usage'
    ? { heading: 'memory', meaning: "Memory: MEMORY USAGE per key (name, value, Redis' overhead), summed." }
    : {
        heading: 'bytes',
        meaning: "Bytes: the values' own bytes, summed (the embedded store has no MEMORY USAGE).",
      };
}

/** "1 key", "2 keys". */
export function keyCount(count: number): string {
  return `${count.toLocaleString('en')} ${count === 1 ? 'key' : 'keys'}`;
}
