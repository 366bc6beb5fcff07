import Database from 'better-sqlite3';
import { ChangeFeed } from './change-feed.ts';
import { globToRegExp, literalPrefix } from './glob.ts';
import { SQLITE_SCHEMA } from './sqlite-schema.ts';
import type { KeyStore, KeyType, ScanPage, SetOptions, StoreStatus, WriteOp, WriteResult } from './types.ts';
import { validateOp } from './validate-op.ts';
import { changeFor, removalChange } from './write-change.ts';
import { WrongTypeError } from '../errors.ts';
import type { KeyChange, StoreStatusChange } from '../../shared/store-events.ts';

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
}

interface Meta {
  type: 'string' | 'set';
  value: string | null;
  expires_at: number | null;
}

const SWEEP_BATCH = 1_000;

/**
 * The embedded backend: the same keys, values and TTL semantics as Redis in one SQLite file (WAL).
 * Expired keys vanish on first touch (lazy expiry) or at the next sweep, and either way are announced
 * as `expired`, like Redis' own active and lazy expiry.
 */
export class SqliteStore implements KeyStore {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #feed: ChangeFeed;
  readonly #sweeper: NodeJS.Timeout;
  readonly #pending: KeyChange[] = [];
  readonly #sql;
  #closed = false;

  constructor(options: SqliteStoreOptions) {
    this.#db = new Database(options.file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 1000');
    this.#db.exec(SQLITE_SCHEMA);
    this.#now = options.now ?? Date.now;
    this.#feed = new ChangeFeed(options.onListenerError);
    this.#sql = {
      meta: this.#db.prepare<[string], Meta>('SELECT type, value, expires_at FROM kv WHERE key = ?'),
      expireIfDue: this.#db.prepare<[string, number]>(
        'DELETE FROM kv WHERE key = ? AND expires_at IS NOT NULL AND expires_at <= ?',
      ),
      due: this.#db.prepare<[number, number], { key: string }>(
        'SELECT key FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?',
      ),
      upsert: this.#db.prepare<[string, string, string | null, number | null]>(
        `INSERT INTO kv (key, type, value, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET type = excluded.type, value = excluded.value, expires_at = excluded.expires_at`,
      ),
      del: this.#db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
      setExpiry: this.#db.prepare<[number, string]>('UPDATE kv SET expires_at = ? WHERE key = ?'),
      persist: this.#db.prepare<[string]>('UPDATE kv SET expires_at = NULL WHERE key = ? AND expires_at IS NOT NULL'),
      addMember: this.#db.prepare<[string, string]>('INSERT OR IGNORE INTO set_member (key, member) VALUES (?, ?)'),
      removeMember: this.#db.prepare<[string, string]>('DELETE FROM set_member WHERE key = ? AND member = ?'),
      clearMembers: this.#db.prepare<[string]>('DELETE FROM set_member WHERE key = ?'),
      members: this.#db.prepare<[string], { member: string }>('SELECT member FROM set_member WHERE key = ?'),
      card: this.#db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM set_member WHERE key = ?'),
      memberBytes: this.#db.prepare<[string], { n: number | null }>(
        'SELECT sum(length(CAST(member AS BLOB))) AS n FROM set_member WHERE key = ?',
      ),
      page: this.#db.prepare<[string, number, number], { key: string }>(
        'SELECT key FROM kv WHERE key > ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key LIMIT ?',
      ),
      pageFrom: this.#db.prepare<[string, number, number], { key: string }>(
        'SELECT key FROM kv WHERE key >= ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key LIMIT ?',
      ),
    };
    this.#sweeper = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 1_000);
    this.#sweeper.unref();
  }

  get(key: string): Promise<string | null> {
    return this.#read(() => {
      const meta = this.#live(key);
      if (!meta) return null;
      if (meta.type !== 'string') throw wrongType('GET', key);
      return meta.value;
    });
  }

  set(key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    return this.#writeOne({ op: 'set', key, value, ...options }) as Promise<boolean>;
  }

  async del(...keys: string[]): Promise<number> {
    const results = await this.multi(keys.map((key) => ({ op: 'del', key })));
    return results.reduce<number>((sum, removed) => sum + Number(removed), 0);
  }

  exists(key: string): Promise<boolean> {
    return this.#read(() => this.#live(key) !== undefined);
  }

  pexpire(key: string, ms: number): Promise<boolean> {
    return this.#writeOne({ op: 'pexpire', key, ms }) as Promise<boolean>;
  }

  pttl(key: string): Promise<number> {
    return this.#read(() => {
      const meta = this.#live(key);
      if (!meta) return -2;
      return meta.expires_at === null ? -1 : meta.expires_at - this.#now();
    });
  }

  persist(key: string): Promise<boolean> {
    return this.#writeOne({ op: 'persist', key }) as Promise<boolean>;
  }

  sadd(key: string, ...members: string[]): Promise<number> {
    return this.#writeOne({ op: 'sadd', key, members }) as Promise<number>;
  }

  srem(key: string, ...members: string[]): Promise<number> {
    return this.#writeOne({ op: 'srem', key, members }) as Promise<number>;
  }

  smembers(key: string): Promise<string[]> {
    return this.#read(() => {
      const meta = this.#live(key);
      if (!meta) return [];
      if (meta.type !== 'set') throw wrongType('SMEMBERS', key);
      return this.#sql.members
        .all(key)
        .map((row) => row.member)
        .sort();
    });
  }

  scard(key: string): Promise<number> {
    return this.#read(() => {
      const meta = this.#live(key);
      if (!meta) return 0;
      if (meta.type !== 'set') throw wrongType('SCARD', key);
      return this.#sql.card.get(key)!.n;
    });
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
        after < prefix ? this.#sql.pageFrom.all(prefix, this.#now(), count) : this.#sql.page.all(after, this.#now(), count);
      const regexp = globToRegExp(match);
      const keys = rows.map((row) => row.key);
      const outOfPrefix = keys.findIndex((key) => !key.startsWith(prefix));
      const examined = outOfPrefix === -1 ? keys : keys.slice(0, outOfPrefix);
      const done = outOfPrefix !== -1 || rows.length < count;
      return {
        cursor: done ? '0' : Buffer.from(examined.at(-1)!, 'utf8').toString('base64url'),
        keys: examined.filter((key) => regexp.test(key)),
      };
    });
  }

  type(key: string): Promise<KeyType> {
    return this.#read(() => this.#live(key)?.type ?? 'none');
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
      ops.forEach(validateOp);
      const now = this.#now();
      // As in a Redis MULTI, an op that fails (WRONGTYPE) does not undo the others; the first error is thrown after.
      const errors: Error[] = [];
      const results = this.#db.transaction(() =>
        ops.map((op) => {
          try {
            return this.#apply(op, now);
          } catch (error) {
            if (!(error instanceof WrongTypeError)) throw error;
            errors.push(error);
            return false;
          }
        }),
      )();
      ops.forEach((op, i) => {
        const change = changeFor(op, results[i]!, now, op.op === 'set' && op.keepTtl ? this.#ttlOf(op.key, now) : undefined);
        if (change) this.#pending.push(change);
      });
      this.#flush();
      return errors.length > 0 ? Promise.reject(errors[0]!) : Promise.resolve(results);
    } catch (error) {
      this.#pending.length = 0;
      return Promise.reject(error as Error);
    }
  }

  onChange(listener: (change: KeyChange) => void): () => void {
    return this.#feed.onChange(listener);
  }

  onStatus(listener: (change: StoreStatusChange) => void): () => void {
    return this.#feed.onStatus(listener);
  }

  status(): StoreStatus {
    return { kind: 'sqlite', connected: !this.#closed, expiryEvents: 'sweeper', lastError: null };
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
      this.#feed.clear();
    }
    return Promise.resolve();
  }

  #writeOne(op: WriteOp): Promise<WriteResult> {
    return this.multi([op]).then((results) => results[0]!);
  }

  #read<T>(read: () => T): Promise<T> {
    try {
      const result = this.#db.transaction(read)();
      this.#flush();
      return Promise.resolve(result);
    } catch (error) {
      this.#flush();
      return Promise.reject(error as Error);
    }
  }

  /** The key's row, after removing it (and queueing `expired`) if its TTL has passed. */
  #live(key: string, now = this.#now()): Meta | undefined {
    if (this.#sql.expireIfDue.run(key, now).changes > 0) {
      this.#pending.push(removalChange('expired', key, now));
      return undefined;
    }
    return this.#sql.meta.get(key);
  }

  #ttlOf(key: string, now: number): number {
    const expiresAt = this.#sql.meta.get(key)?.expires_at;
    return expiresAt === undefined ? -2 : expiresAt === null ? -1 : expiresAt - now;
  }

  #apply(op: WriteOp, now: number): WriteResult {
    const meta = this.#live(op.key, now);
    switch (op.op) {
      case 'set': {
        if (op.nx && meta) return false;
        const expiresAt = op.px !== undefined ? now + op.px : op.keepTtl && meta ? meta.expires_at : null;
        if (meta?.type === 'set') this.#sql.clearMembers.run(op.key);
        this.#sql.upsert.run(op.key, 'string', op.value, expiresAt);
        return true;
      }
      case 'del':
        return this.#sql.del.run(op.key).changes;
      case 'pexpire':
        if (!meta) return false;
        if (op.ms <= 0) this.#sql.del.run(op.key);
        else this.#sql.setExpiry.run(now + op.ms, op.key);
        return true;
      case 'persist':
        return this.#sql.persist.run(op.key).changes > 0;
      case 'sadd': {
        if (meta && meta.type !== 'set') throw wrongType('SADD', op.key);
        if (!meta) this.#sql.upsert.run(op.key, 'set', null, null);
        return op.members.reduce((added, member) => added + this.#sql.addMember.run(op.key, member).changes, 0);
      }
      case 'srem': {
        if (!meta) return 0;
        if (meta.type !== 'set') throw wrongType('SREM', op.key);
        const removed = op.members.reduce((sum, member) => sum + this.#sql.removeMember.run(op.key, member).changes, 0);
        if (this.#sql.card.get(op.key)!.n === 0) this.#sql.del.run(op.key);
        return removed;
      }
    }
  }

  #flush(): void {
    for (const change of this.#pending.splice(0)) this.#feed.emitChange(change);
  }
}

function wrongType(command: string, key: string): WrongTypeError {
  return new WrongTypeError(`${command} ${key}: WRONGTYPE Operation against a key holding the wrong kind of value`);
}
