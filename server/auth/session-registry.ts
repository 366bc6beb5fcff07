import { hashSid, type AuditLog, type AuditEntry } from '../accounts/audit-log.ts';
import type { Config } from '../config.ts';
import type { KeyStore, WriteOp } from '../store/types.ts';
import { SessionKeyUnknownError, SessionUnreadableError, WrongTypeError } from '../errors.ts';
import type { SessionCipher } from './session-cipher.ts';
import { readStoredRecord, storedJson, type SessionRecord } from './session-record.ts';
import { SID_PATTERN, sessionKey, userSessionsKey } from './session-keys.ts';

/**
 * The cookie session's lifetimes and limit. One mutable object per app, read at every use: the lab's
 * switch (`PUT /api/v1/lab/session-settings`) changes them at run time; a restart returns to the config.
 */
export interface SessionLifetimes {
  /** Idle lifetime: the key's TTL, renewed on activity. */
  idleTtlMs: number;
  /** Absolute lifetime, however active. */
  absoluteTtlMs: number;
  /** A used session has its idle TTL renewed at most this often. */
  touchMs: number;
  /** Live sessions per user. */
  limit: number;
}

/** The session lifetimes as the config sets them (what the run-time switch starts from and goes back to). */
export function configuredLifetimes(config: Config): SessionLifetimes {
  return {
    idleTtlMs: config.sessionIdleTtlMs,
    absoluteTtlMs: config.sessionAbsoluteTtlMs,
    touchMs: config.sessionTouchMs,
    limit: config.sessionLimit,
  };
}

/** The account whose sessions are listed or ended: its id and its key. */
export interface SessionAccount {
  id: number;
  accountKey: string;
}

/** Whether an error says a stored record is encrypted and does not decrypt (changed, copied, or under an unknown key). */
export function isUnreadable(error: unknown): error is SessionUnreadableError | SessionKeyUnknownError {
  return error instanceof SessionUnreadableError || error instanceof SessionKeyUnknownError;
}

/** A live session of a user, with its id. */
export interface LiveSession {
  sid: string;
  record: SessionRecord;
}

/**
 * Every session read and write goes through here, and so through the store layer and its change feed:
 * the record at `sl:sess:{sid}` and the user's index `sl:user_sessions:{uid}`, changed together. The index is a
 * sorted set of the user's session ids scored by login time (epoch ms): oldest first, the order the session limit
 * evicts in, and on Redis a compact listpack where a set of the same ids is a hashtable (twice the bytes).
 */
export class SessionRegistry {
  readonly #store: KeyStore;
  readonly #audit: AuditLog;
  readonly #lifetimes: SessionLifetimes;
  readonly #now: () => number;
  readonly #cipher: SessionCipher;

  constructor(
    store: KeyStore,
    audit: AuditLog,
    lifetimes: SessionLifetimes,
    cipher: SessionCipher,
    now: () => number = Date.now,
  ) {
    this.#store = store;
    this.#audit = audit;
    this.#lifetimes = lifetimes;
    this.#cipher = cipher;
    this.#now = now;
  }

  /** The record of a session id, or null when it is malformed, unknown, expired, not ours or does not decrypt. */
  async read(sid: string): Promise<SessionRecord | null> {
    try {
      return await this.readOrRefuse(sid);
    } catch (error) {
      if (isUnreadable(error)) return null;
      throw error;
    }
  }

  /**
   * As {@link read}, but an encrypted record that does not decrypt throws (SessionUnreadableError,
   * SessionKeyUnknownError) instead of reading as no session: the cookie session answers its own 401 with it.
   */
  async readOrRefuse(sid: string): Promise<SessionRecord | null> {
    if (!SID_PATTERN.test(sid)) return null;
    const raw = await this.#store.get(sessionKey(sid));
    if (raw === null) return null;
    // Either stored form: a record written before the compact one (version 2) still opens, and is rewritten compact
    // at its next write.
    return readStoredRecord(this.#cipher.open(sid, raw))?.record ?? null;
  }

  /**
   * The key TTL of a record: the idle timeout, never past the absolute expiry. A remembered session (Remember me)
   * has no idle timeout: its key lives as long as its persistent cookie, to its expiry.
   */
  ttlOf(record: SessionRecord): number {
    const left = record.until - this.#now();
    return Math.max(1, record.remember === true ? left : Math.min(this.#lifetimes.idleTtlMs, left));
  }

  /**
   * Writes a record. A new session also joins its user's index, whose TTL is raised (never lowered)
   * to the session's absolute expiry, so the index outlives every member: one MULTI.
   */
  async write(sid: string, record: SessionRecord, isNew: boolean): Promise<void> {
    const value = this.#cipher.seal(sid, storedJson(record));
    const px = this.ttlOf(record);
    if (!isNew) {
      // XX: a session destroyed while this request ran (logout elsewhere, a privilege change) stays destroyed.
      await this.#store.set(sessionKey(sid), value, { px, xx: true });
      return;
    }
    const indexKey = userSessionsKey(record.uid);
    const indexTtl = Math.max(1, record.until - this.#now());
    await this.#withIndex(record.uid, () =>
      this.#store.multi([
        { op: 'set', key: sessionKey(sid), value, px },
        { op: 'zadd', key: indexKey, entries: [{ score: record.created, member: sid }] },
        { op: 'pexpire', key: indexKey, ms: indexTtl, when: 'NX' },
        { op: 'pexpire', key: indexKey, ms: indexTtl, when: 'GT' },
      ]),
    );
  }

  /** Deletes a session and its index entry together; returns whether it existed. */
  async destroy(sid: string, uid?: number): Promise<boolean> {
    if (!SID_PATTERN.test(sid)) return false;
    const owner = uid ?? (await this.read(sid))?.uid;
    if (owner === undefined) return (await this.#store.del(sessionKey(sid))) > 0;
    const [removed] = await this.#withIndex(owner, () =>
      this.#store.multi([
        { op: 'del', key: sessionKey(sid) },
        { op: 'zrem', key: userSessionsKey(owner), members: [sid] },
      ]),
    );
    return removed === 1;
  }

  /**
   * An account's live sessions, oldest first; ids whose record is gone are dropped from the index. Only records made
   * for this very account count (its key): another Session Lab on the same Redis may have a user with the same id.
   */
  async listFor(account: SessionAccount): Promise<LiveSession[]> {
    const uid = account.id;
    const sids = (await this.#withIndex(uid, () => this.#store.zrange(userSessionsKey(uid)))).map(
      ({ member }) => member,
    );
    const records = await Promise.all(sids.map((sid) => this.read(sid)));
    const stale = sids.filter((_, i) => records[i] === null);
    if (stale.length > 0) await this.#store.zrem(userSessionsKey(uid), ...stale);
    return sids
      .map((sid, i) => ({ sid, record: records[i]! }))
      .filter(({ record }) => record !== null && record.uid === uid && record.acct === account.accountKey)
      .sort((a, b) => a.record.created - b.record.created);
  }

  /**
   * Makes room for one more session: while the user has `limit` or more (not counting the one being
   * replaced), the oldest is destroyed and audited as `evicted`.
   */
  async makeRoom(account: SessionAccount, context: Omit<AuditEntry, 'event'>, replacing?: string): Promise<void> {
    const uid = account.id;
    // The session this login replaces is about to go anyway: it does not count.
    const live = (await this.listFor(account)).filter(({ sid }) => sid !== replacing);
    for (const { sid } of live.slice(0, Math.max(0, live.length - this.#lifetimes.limit + 1))) {
      await this.destroy(sid, uid);
      this.#audit.record({
        ...context,
        event: 'evicted',
        sid,
        userId: uid,
        detail: `session limit ${this.#lifetimes.limit} reached`,
      });
    }
  }

  /** Destroys every session of a user (a privilege change, or "sign out everywhere"), auditing each. */
  async destroyAllFor(
    account: SessionAccount,
    context: Omit<AuditEntry, 'event'> & { except?: string },
  ): Promise<number> {
    const uid = account.id;
    const live = (await this.listFor(account)).filter(({ sid }) => sid !== context.except);
    for (const { sid } of live) {
      await this.destroy(sid, uid);
      this.#audit.record({ ...context, event: 'revoked', sid, userId: uid });
    }
    return live.length;
  }

  /**
   * Runs an index operation; when it fails because the user's index is still a set (written by a version before the
   * sorted set, and kept by Redis or the embedded store's file), the index is made a sorted set and it runs again.
   */
  async #withIndex<T>(uid: number, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof WrongTypeError) || !(await this.#upgradeIndex(uid))) throw error;
      return run();
    }
  }

  /**
   * Rewrites a set index as the sorted set of its live sessions scored by login time, with the TTL it had (one
   * MULTI); answers whether there was a set to rewrite.
   */
  async #upgradeIndex(uid: number): Promise<boolean> {
    const key = userSessionsKey(uid);
    if ((await this.#store.type(key)) !== 'set') return false;
    const [sids, pttl] = await Promise.all([this.#store.smembers(key), this.#store.pttl(key)]);
    const records = await Promise.all(sids.map((sid) => this.read(sid)));
    const entries = sids.flatMap((sid, i) => (records[i] ? [{ member: sid, score: records[i].created }] : []));
    const ops: WriteOp[] = [{ op: 'del', key }];
    if (entries.length > 0) ops.push({ op: 'zadd', key, entries });
    if (entries.length > 0 && pttl > 0) ops.push({ op: 'pexpire', key, ms: pttl });
    await this.#store.multi(ops);
    return true;
  }

  /** The public id of a session: a hash of its id, never the id itself. */
  static publicId(sid: string): string {
    return hashSid(sid);
  }
}
