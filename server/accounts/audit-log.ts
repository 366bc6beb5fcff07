import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { BoundedMemo } from '../bounded-memo.ts';
import type { AuditEvent, AuditEventName } from '../../shared/api/audit.ts';

interface AuditRow {
  id: number;
  at: number;
  event: AuditEventName;
  user_id: number | null;
  username: string | null;
  sid_hash: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: string | null;
}

const sidHashes = new BoundedMemo(10_000, (sid) => createHash('sha256').update(sid).digest('hex').slice(0, 16));

/** The first 16 hex digits of SHA-256 of a session id: enough to follow one session, useless to hijack it. */
export function hashSid(sid: string): string {
  return sidHashes.get(sid);
}

/** What is recorded with an event. */
export interface AuditEntry {
  event: AuditEventName;
  userId?: number | null;
  username?: string | null;
  /** The raw session id: only its hash is stored. */
  sid?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: string | null;
}

/** The audit trail of session events, in the accounts database. */
export class AuditLog {
  readonly #now: () => number;
  readonly #sql;

  constructor(db: Database.Database, now: () => number = Date.now) {
    this.#now = now;
    this.#sql = {
      insert: db.prepare<
        [number, string, number | null, string | null, string | null, string | null, string | null, string | null]
      >(
        'INSERT INTO audit_events (at, event, user_id, username, sid_hash, ip, user_agent, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      userOf: db.prepare<[string], { user_id: number }>(
        'SELECT user_id FROM audit_events WHERE sid_hash = ? AND user_id IS NOT NULL ORDER BY id DESC LIMIT 1',
      ),
      list: db.prepare<
        { user: number | null; since: number; event: string | null; before: number; limit: number },
        AuditRow
      >(
        `SELECT * FROM audit_events
         WHERE (:user IS NULL OR (user_id = :user AND at >= :since)) AND (:event IS NULL OR event = :event) AND id < :before
         ORDER BY id DESC LIMIT :limit`,
      ),
    };
  }

  /** Records one event now. */
  record(entry: AuditEntry): void {
    this.#sql.insert.run(
      this.#now(),
      entry.event,
      entry.userId ?? null,
      entry.username ?? null,
      entry.sid ? hashSid(entry.sid) : null,
      entry.ip ?? null,
      entry.userAgent ? entry.userAgent.slice(0, 256) : null,
      entry.detail ?? null,
    );
  }

  /** The user a session id belonged to, from the events recorded about it (its key may be gone). */
  userOfSession(sid: string): number | null {
    return this.#sql.userOf.get(hashSid(sid))?.user_id ?? null;
  }

  /**
   * The newest events first, optionally of one user or one kind, before an id (for paging). A user's events are
   * only those since `since` (their account's creation): an id an older database gave to a deleted user
   * before it never reused ids must not show that user's events as this one's.
   */
  list(filter: {
    userId?: number;
    since?: number;
    event?: AuditEventName;
    before?: number;
    limit?: number;
  }): AuditEvent[] {
    return this.#sql.list
      .all({
        user: filter.userId ?? null,
        since: filter.since ?? 0,
        event: filter.event ?? null,
        before: filter.before ?? Number.MAX_SAFE_INTEGER,
        limit: filter.limit ?? 50,
      })
      .map((row) => ({
        id: row.id,
        at: row.at,
        event: row.event,
        userId: row.user_id,
        username: row.username,
        sidHash: row.sid_hash,
        ip: row.ip,
        userAgent: row.user_agent,
        detail: row.detail,
      }));
  }
}
