/**
 * Folding the login throttle's bookkeeping. Every login attempt counts itself in the store before the password is
 * checked (`INCR` and `PEXPIRE … NX` on `sl:throttle:user:…` and `sl:throttle:ip:…`), and a successful one gives the
 * count back (`DEL`, `INCRBY … -1`): four to six commands that drown the one line a learner looks for (the session's
 * `SET`). The command log and an exchange's detail show them as one line per exchange, which expands.
 */

/** The prefix of the attempt counters' keys (their logical names, on a cluster too). */
export const COUNTER_PREFIX = 'sl:throttle:';

/** What folding needs to know of a line: its key, and what caused it (an exchange id, or a word). */
export interface FoldableLine {
  key: string;
  cause: number | string;
}

/** A line shown as it is, or one exchange's counter bookkeeping folded into one line. */
export type Folded<T> =
  | { kind: 'line'; line: T }
  | {
      kind: 'counters';
      /** Stable across snapshots: one group per exchange. */
      id: string;
      /** The exchange that did the bookkeeping. */
      cause: number;
      /** What it is, in words: "login attempt counters". */
      label: string;
      /** The folded lines, in the order they were given. */
      lines: T[];
    };

/** What the counters count, from their keys: logins (per username and address), TOTP codes, or both. */
export function counterLabel(keys: readonly string[]): string {
  const kinds = new Set(keys.map((key) => key.slice(COUNTER_PREFIX.length).split(':')[0]));
  const logins = kinds.has('user') || kinds.has('ip');
  const codes = kinds.has('mfa');
  if (logins && codes) return 'login and code attempt counters';
  return codes ? 'code attempt counters' : 'login attempt counters';
}

/**
 * Folds the counter lines of each exchange that made at least two into one group. `order` is the order of `lines`;
 * a group stands where its exchange's bookkeeping began (its oldest line), since an attempt is counted first. Lines
 * of another cause (the TTL, the inspector) and a single counter line stay as they are: a learner's own `DEL` of a
 * counter is not bookkeeping.
 */
export function foldCounters<T>(
  lines: readonly T[],
  of: (line: T) => FoldableLine,
  order: 'newest-first' | 'oldest-first',
): Folded<T>[] {
  const byCause = new Map<number, T[]>();
  for (const line of lines) {
    const { key, cause } = of(line);
    if (typeof cause !== 'number' || !key.startsWith(COUNTER_PREFIX)) continue;
    byCause.set(cause, [...(byCause.get(cause) ?? []), line]);
  }
  const folded = new Map<T, Folded<T>>();
  const hidden = new Set<T>();
  for (const [cause, group] of byCause) {
    if (group.length < 2) continue;
    const anchor = order === 'newest-first' ? group[group.length - 1]! : group[0]!;
    for (const line of group) hidden.add(line);
    folded.set(anchor, {
      kind: 'counters',
      id: `counters-${cause}`,
      cause,
      label: counterLabel(group.map((line) => of(line).key)),
      lines: group,
    });
  }
  const result: Folded<T>[] = [];
  for (const line of lines) {
    const group = folded.get(line);
    if (group) result.push(group);
    else if (!hidden.has(line)) result.push({ kind: 'line', line });
  }
  return result;
}

/** "login attempt counters: 4 commands". */
export function counterSummary(group: { label: string; lines: readonly unknown[] }): string {
  return `${group.label}: ${group.lines.length} commands`;
}
