import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { OpStore } from './op-store.ts';
import { globMatcher, literalPrefix } from '../../shared/glob.ts';
import { ZRANGE_ALL } from './redis-cli.ts';
import { applySchema } from './sqlite-schema.ts';
import { prepareStatements, type KeyRow, type Statements } from './sqlite-statements.ts';
import { applyWrite, wrongType } from './sqlite-writes.ts';
import type {
  FileBacked,
  KeyStore,
  KeyType,
  ScanPage,
  ScoredMember,
  StoreFileSize,
  StoreStatus,
  WriteOp,
  WriteResult,
} from './types.ts';
import { validateOp } from './validate-op.ts';
import { changeFor, removalChange } from './write-change.ts';
import { NotAnIntegerError, StoreUnavailableError, WrongTypeError } from '../errors.ts';
import type { KeyChange } from '../../shared/store-events.ts';

/** Options of the embedded store. */
export interface SqliteStoreOptions {
  /** The database file (created when missing), or `:memory:`. */
  file: string;
  /** The time source; expiry is judged against it. */
  now?: () => number;
  /** How often the sweeper removes expired keys and announces them. */
  sweepIntervalMs?: number;
  /** Called when a change-feed listener throws. */
  onListenerError?: (error: unknown) => void;
  /** Called when the sweeper fails (the file is locked or gone); it tries again at the next interval. */
  onBackgroundError?: (error: unknown) => void;
}

const SWEEP_BATCH = 1_000;
const BUSY_TIMEOUT_MS = 250;
// SQLite result codes that mean the file cannot be used right now, as opposed to a bug in a statement.
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN|CORRUPT|NOTADB|PROTOCOL)/;

/**
 * The embedded backend: the same keys, values and TTL semantics as Redis in one SQLite file (WAL).
 * Expired keys vanish on first touch (lazy expiry) or at the next sweep, and either way are announced
 * as `expired`, like Redis' own active and lazy expiry.
 */
export class SqliteStore extends OpStore implements KeyStore, FileBacked {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #file: string;
  readonly #now: () => number;
  readonly #sweeper: NodeJS.Timeout;
  readonly #pending: KeyChange[] = [];
  readonly #sql: Statements;
  readonly #onBackgroundError: (error: unknown) => void;
  #closed = false;

  constructor(options: SqliteStoreOptions) {
    super(options.onListenerError);
    this.#db = new Database(options.file);
    this.#file = options.file;
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    // better-sqlite3 is synchronous: a lock held elsewhere blocks the event loop for up to this long.
    this.#db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    applySchema(this.#db);
    this.#now = options.now ?? Date.now;
    this.#sql = prepareStatements(this.#db);
    this.#onBackgroundError = options.onBackgroundError ?? (() => {});
    this.#sweeper = setInterval(() => {
      try {
        this.sweep();
      } catch (error) {
        this.#onBackgroundError(error);
      }
    }, options.sweepIntervalMs ?? 1_000);
    this.#sweeper.unref();
  }

  get(key: string): Promise<string | null> {
    return this.#readOfType('GET', key, 'string', null, (meta) => meta.value);
  }

  async del(...keys: string[]): Promise<number> {
    const results = await this.multi(keys.map((key) => ({ op: 'del', key })));
    return results.reduce<number>((sum, removed) => sum + Number(removed), 0);
  }

  exists(key: string): Promise<boolean> {
    return this.#readKey('EXISTS', key, () => this.#live(key) !== undefined);
  }

  pttl(key: string): Promise<number> {
    return this.#readKey('PTTL', key, () => {
      const meta = this.#live(key);
      if (!meta) return -2;
      return meta.expires_at === null ? -1 : meta.expires_at - this.#now();
    });
  }

  smembers(key: string): Promise<string[]> {
    return this.#readOfType('SMEMBERS', key, 'set', [], () =>
      this.#sql.members
        .all(key)
        .map((row) => row.member)
        .sort(),
    );
  }

  scard(key: string): Promise<number> {
    return this.#readOfType('SCARD', key, 'set', 0, () => this.#sql.card.get(key)!.n);
  }

  zrange(key: string): Promise<ScoredMember[]> {
    return this.#readOfType('ZRANGE', key, 'zset', [], () => this.#sql.scored.all(key), ZRANGE_ALL);
  }

  zcard(key: string): Promise<number> {
    return this.#readOfType('ZCARD', key, 'zset', 0, () => this.#sql.card.get(key)!.n);
  }

  scan(cursor: string, options: { match?: string; count?: number } = {}): Promise<ScanPage> {
    return this.#read(() => {
      const match = options.match ?? '*';
      const count = Math.max(1, options.count ?? 10);
      const prefix = literalPrefix(match);
      const after = cursor === '0' ? '' : Buffer.from(cursor, 'base64url').toString('utf8');
      // Keys come in key order from where the last page stopped, so a key that exists for the whole
      // scan is always reached; starting at the pattern's literal prefix skips what cannot match.
      const rows =
        after < prefix
          ? this.#sql.pageFrom.all(prefix, this.#now(), count)
          : this.#sql.page.all(after, this.#now(), count);
      const matches = globMatcher(match);
      const keys = rows.map((row) => row.key);
      const outOfPrefix = keys.findIndex((key) => !key.startsWith(prefix));
      const examined = outOfPrefix === -1 ? keys : keys.slice(0, outOfPrefix);
      const done = outOfPrefix !== -1 || rows.length < count;
      return {
        cursor: done ? '0' : Buffer.from(examined.at(-1)!, 'utf8').toString('base64url'),
        keys: examined.filter(matches),
      };
    });
  }

  type(key: string): Promise<KeyType> {
    return this.#readKey('TYPE', key, () => this.#live(key)?.type ?? 'none');
  }

  size(key: string): Promise<number> {
    return this.#read(() => {
      const meta = this.#live(key);
      if (!meta) return 0;
      if (meta.type === 'string') return Buffer.byteLength(meta.value ?? '', 'utf8');
      return this.#sql.memberBytes.get(key)!.n ?? 0;
    });
  }

  multi(ops: WriteOp[]): Promise<WriteResult[]> {
    try {
      this.#assertOpen();
      ops.forEach(validateOp);
      const now = this.#now();
      // As in a Redis MULTI, an op that fails (WRONGTYPE, not an integer) does not undo the others; the first error is thrown after.
      const errors: Error[] = [];
      const results = this.#db.transaction(() =>
        ops.map((op) => {
          try {
            return applyWrite(this.#sql, op, now, this.#live(op.key, now));
          } catch (error) {
            if (!(error instanceof WrongTypeError || error instanceof NotAnIntegerError)) throw error;
            errors.push(error);
            return false;
          }
        }),
      )();
      ops.forEach((op, i) => {
        const change = changeFor(
          op,
          results[i]!,
          now,
          op.op === 'set' && op.keepTtl ? this.#ttlOf(op.key, now) : undefined,
        );
        if (change) this.#pending.push(change);
      });
      this.#flush();
      return errors.length > 0 ? Promise.reject(errors[0]!) : Promise.resolve(results);
    } catch (error) {
      this.#pending.length = 0;
      return Promise.reject(unavailable(error));
    }
  }

  status(): StoreStatus {
    return { kind: 'sqlite', connected: !this.#closed, expiryEvents: 'sweeper', lastError: null };
  }

  usedMemory(): Promise<number | null> {
    return Promise.resolve(null);
  }

  fileSize(): StoreFileSize {
    const pages = Number(this.#db.pragma('page_count', { simple: true }));
    const pageSize = Number(this.#db.pragma('page_size', { simple: true }));
    let walBytes = 0;
    try {
      // An in-memory database has no file, so no log; a log checkpointed away may be gone for a moment.
      if (this.#file !== ':memory:' && this.#file !== '') walBytes = statSync(`${this.#file}-wal`).size;
    } catch {
      walBytes = 0;
    }
    return { pages, pageSize, walBytes };
  }

  /** Removes keys whose TTL has passed and announces each as `expired`; returns how many. */
  sweep(): number {
    if (this.#closed) return 0;
    const now = this.#now();
    const removed = this.#db.transaction(() => {
      const due = this.#sql.due.all(now, SWEEP_BATCH);
      for (const { key } of due) this.#sql.del.run(key);
      return due;
    })();
    for (const { key } of removed) this.#pending.push(removalChange('expired', key, now));
    this.#flush();
    return removed.length;
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      clearInterval(this.#sweeper);
      this.#db.close();
      this.feed.clear();
    }
    return Promise.resolve();
  }

  protected override writeOne(op: WriteOp): Promise<WriteResult> {
    return this.multi([op]).then((results) => results[0]!);
  }

  /** A read of one key, announced on the read feed (as its redis-cli equivalent) once it answered. */
  #readKey<T>(name: string, key: string, read: () => T, args: readonly (string | number)[] = []): Promise<T> {
    return this.#read(() => {
      const result = read();
      this.announceRead(name, key, key, this.#now(), args);
      return result;
    });
  }

  /**
   * A read of one key that must hold `type`: `missing` when the key does not exist (or has expired), WRONGTYPE when it
   * holds another type, else what `read` makes of its row; announced as `name` (with `args` after the key).
   */
  #readOfType<T>(
    name: string,
    key: string,
    type: KeyRow['type'],
    missing: T,
    read: (meta: KeyRow) => T,
    args: readonly (string | number)[] = [],
  ): Promise<T> {
    return this.#readKey(
      name,
      key,
      () => {
        const meta = this.#live(key);
        if (!meta) return missing;
        if (meta.type !== type) throw wrongType(name, key);
        return read(meta);
      },
      args,
    );
  }

  #read<T>(read: () => T): Promise<T> {
    try {
      this.#assertOpen();
      // No transaction: better-sqlite3 runs each read to its end before anything else in this process,
      // and BEGIN/COMMIT around a single SELECT cost more than the SELECT (the lazy-expiry DELETE is atomic alone).
      const result = read();
      this.#flush();
      return Promise.resolve(result);
    } catch (error) {
      this.#flush();
      return Promise.reject(unavailable(error));
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreUnavailableError('the embedded store is closed');
  }

  /** The key's row, after removing it (and queueing `expired`) if its TTL has passed. */
  #live(key: string, now = this.#now()): KeyRow | undefined {
    const row = this.#sql.meta.get(key);
    // Only a key found expired is deleted, so plain reads never need the write lock.
    if (row && row.expires_at !== null && row.expires_at <= now) {
      this.#sql.del.run(key);
      this.#pending.push(removalChange('expired', key, now));
      return undefined;
    }
    return row;
  }

  #ttlOf(key: string, now: number): number {
    const expiresAt = this.#sql.meta.get(key)?.expires_at;
    return expiresAt === undefined ? -2 : expiresAt === null ? -1 : expiresAt - now;
  }

  #flush(): void {
    for (const change of this.#pending.splice(0)) this.feed.emitChange(change);
  }
}

/** SQLite failures that mean "the file cannot be used now" become {@link StoreUnavailableError} (503). */
function unavailable(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    return new StoreUnavailableError(`The embedded store cannot be used right now (${code})`, { cause: error });
  }
  return error;
}
