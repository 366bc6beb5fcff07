import type { KeyStore, ScoredMember, WriteOp } from './types.ts';

/**
 * The key patterns that hold a credential's state, copied when the sessions move to another store: cookie sessions
 * and their users' indexes, refresh tokens and everything that remembers their rotation and revocation, the
 * denylist, and the TOTP codes already used (a code replayed on the new store must still be refused).
 *
 * Left out on purpose: the throttle counters (`sl:throttle:*`) count attempts, not credentials, and start again
 * at zero (at worst a learner gets one window's attempts back); `sl:bench:*` belongs to the benchmark alone.
 */
export const MIGRATED_PATTERNS = [
  'sl:sess:*',
  'sl:user_sessions:*',
  'sl:refresh:*',
  'sl:refresh_rotated:*',
  'sl:refresh_family:*',
  'sl:refresh_revoked:*',
  'sl:user_refresh:*',
  'sl:denylist:*',
  'sl:totp_used:*',
] as const;

/** One pattern's part of a {@link MigrationReport}. */
export interface PatternReport {
  pattern: string;
  /** Keys written to the new store, with their remaining TTL. */
  copied: number;
  /** Keys found in the old store that expired before they could be copied. */
  expired: number;
  /** Keys the new store held that the old one does not (left from an earlier stay there): deleted. */
  removed: number;
}

/** What a migration did, per pattern, and in total. */
export interface MigrationReport {
  patterns: PatternReport[];
  copied: number;
  expired: number;
  removed: number;
}

/** Options of {@link migrateKeys}. */
export interface MigrateOptions {
  /** Called after each key copied, with the count so far (a test stops the new store half-way from here). */
  onProgress?: (copied: number) => void | Promise<void>;
  /** Keys asked of each SCAN page. */
  scanCount?: number;
}

/** A migration stopped half-way; `report` says how far it got, `cleanedUp` whether the partial copy was removed. */
export class MigrationFailedError extends Error {
  readonly report: MigrationReport;
  readonly cleanedUp: boolean;
  constructor(cause: unknown, report: MigrationReport, cleanedUp: boolean) {
    super(
      `the sessions could not be copied (${(cause as Error).message}) after ${report.copied} keys; ` +
        (cleanedUp
          ? 'the keys already copied were deleted again'
          : 'the keys already copied stay in the new store until their TTLs run out'),
      { cause },
    );
    this.name = 'MigrationFailedError';
    this.report = report;
    this.cleanedUp = cleanedUp;
  }
}

/** Every key of `pattern` in `store`, each once. */
async function keysOf(store: KeyStore, pattern: string, count: number): Promise<string[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const page = await store.scan(cursor, { match: pattern, count });
    for (const key of page.keys) keys.add(key);
    cursor = page.cursor;
  } while (cursor !== '0');
  return [...keys].sort();
}

/**
 * The writes that make `key` in `to` what it is in `from` now, with the TTL it has left when they are sent (never
 * longer than in `from`); null when the key expired meanwhile. A set or sorted set is replaced whole (DEL, SADD or
 * ZADD, PEXPIRE in one MULTI), never merged with members the new store had.
 */
async function copyOps(from: KeyStore, key: string): Promise<{ ops: WriteOp[]; px: number | null } | null> {
  const type = await from.type(key);
  if (type === 'none') return null;
  const value =
    type === 'string' ? await from.get(key) : type === 'set' ? await from.smembers(key) : await from.zrange(key);
  const pttl = await from.pttl(key);
  const readAt = performance.now();
  if (value === null || pttl === -2 || (Array.isArray(value) && value.length === 0)) return null;
  const left = pttl === -1 ? null : Math.floor(pttl - (performance.now() - readAt));
  if (left !== null && left <= 0) return null;
  if (typeof value === 'string')
    return { ops: [{ op: 'set', key, value, ...(left === null ? {} : { px: left }) }], px: left };
  const ops: WriteOp[] = [
    { op: 'del', key },
    isStringList(value) ? { op: 'sadd', key, members: value } : { op: 'zadd', key, entries: value },
  ];
  if (left !== null) ops.push({ op: 'pexpire', key, ms: left });
  return { ops, px: left };
}

function isStringList(value: string[] | ScoredMember[]): value is string[] {
  return typeof value[0] === 'string';
}

/**
 * Copies every key of {@link MIGRATED_PATTERNS} from `from` to `to` with its remaining TTL (PTTL, not the full
 * lifetime), then deletes the keys of those patterns that `to` holds and `from` does not, so a session ended on
 * the old store does not come back from an earlier stay on the new one. `from` is only read. On a failure it tries
 * to delete what it copied and throws {@link MigrationFailedError}.
 */
export async function migrateKeys(
  from: KeyStore,
  to: KeyStore,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  const count = options.scanCount ?? 200;
  const report: MigrationReport = { patterns: [], copied: 0, expired: 0, removed: 0 };
  const written: string[] = [];
  try {
    for (const pattern of MIGRATED_PATTERNS) {
      const part: PatternReport = { pattern, copied: 0, expired: 0, removed: 0 };
      report.patterns.push(part);
      const copied = new Set<string>();
      for (const key of await keysOf(from, pattern, count)) {
        const copy = await copyOps(from, key);
        if (!copy) {
          part.expired++;
          continue;
        }
        written.push(key);
        if (copy.ops.length === 1) {
          const op = copy.ops[0] as Extract<WriteOp, { op: 'set' }>;
          await to.set(key, op.value, op.px === undefined ? {} : { px: op.px });
        } else await to.multi(copy.ops);
        copied.add(key);
        part.copied++;
        report.copied++;
        await options.onProgress?.(written.length);
      }
      const stale = (await keysOf(to, pattern, count)).filter((key) => !copied.has(key));
      if (stale.length > 0) part.removed = await to.del(...stale);
      report.expired += part.expired;
      report.removed += part.removed;
    }
    return report;
  } catch (error) {
    throw new MigrationFailedError(error, report, await removeQuietly(to, written));
  }
}

/** Deletes `keys` from a store that may be gone; answers whether it could. */
async function removeQuietly(store: KeyStore, keys: string[]): Promise<boolean> {
  if (keys.length === 0) return true;
  try {
    await store.del(...keys);
    return true;
  } catch {
    return false;
  }
}

/** The report in one line, for the log and /health: `5 keys copied (sess 2, user_sessions 1, …)`. */
export function describeMigration(report: MigrationReport): string {
  const parts = report.patterns
    .filter((part) => part.copied > 0)
    .map((part) => `${part.pattern.slice(3, -2)} ${part.copied}`);
  const extra = [
    report.expired > 0 ? `${report.expired} expired before they could be copied` : '',
    report.removed > 0 ? `${report.removed} left from before deleted` : '',
  ].filter(Boolean);
  return `${report.copied} keys copied${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${extra.length > 0 ? `; ${extra.join('; ')}` : ''}`;
}
