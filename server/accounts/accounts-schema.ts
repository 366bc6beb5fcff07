import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

/** The schema version this server writes (`PRAGMA user_version`). */
export const ACCOUNTS_SCHEMA_VERSION = 1;

/**
 * The accounts database (`<data-dir>/accounts.sqlite`, apart from the session store): users, and the
 * audit trail of session events. Usernames are unique without regard to case.
 *
 * A user's id is AUTOINCREMENT: a deleted user's id is never given to another. Each user also has an
 * `account_key`, 128 random bits made with the row and never changed, which every credential carries
 * (the `acct` claim of an access token, the refresh record, the session record): a credential names its
 * account by that key as well as by the id, so it can never open another account whatever happens to ids.
 */
export const ACCOUNTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  account_key   TEXT NOT NULL UNIQUE,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  email         TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'user')),
  password_hash TEXT NOT NULL,
  totp_secret   TEXT,
  disabled      INTEGER NOT NULL DEFAULT 0,
  demo          INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_events (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  event      TEXT NOT NULL,
  user_id    INTEGER,
  username   TEXT,
  sid_hash   TEXT,
  ip         TEXT,
  user_agent TEXT,
  detail     TEXT
);
CREATE INDEX IF NOT EXISTS audit_events_user ON audit_events (user_id, id);
CREATE INDEX IF NOT EXISTS audit_events_sid ON audit_events (sid_hash) WHERE sid_hash IS NOT NULL;
`;

/** 128 random bits, base64url: a new account's key. */
export function newAccountKey(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Brings an accounts database of any earlier version to {@link ACCOUNTS_SCHEMA_VERSION}, in one transaction.
 * Version 0 had `id INTEGER PRIMARY KEY` (SQLite gives the next row the highest id + 1, so deleting the
 * newest user handed their id to the next one) and no account key: the table is rebuilt with AUTOINCREMENT,
 * each existing user gets a key, and the id sequence starts past every id a user or an audit event ever
 * had, so no id already seen anywhere is given again.
 */
export function migrateAccounts(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const hasUsers =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").get() !== undefined;
  if (hasUsers && version < 1) {
    db.transaction(() => {
      db.exec('ALTER TABLE users RENAME TO users_v0');
      db.exec(ACCOUNTS_SCHEMA);
      const rows = db.prepare<[], { id: number }>('SELECT id FROM users_v0').all();
      const copy = db.prepare(
        `INSERT INTO users (id, account_key, username, email, role, password_hash, totp_secret, disabled, demo, created_at, updated_at)
         SELECT id, ?, username, email, role, password_hash, totp_secret, disabled, demo, created_at, updated_at FROM users_v0 WHERE id = ?`,
      );
      for (const { id } of rows) copy.run(newAccountKey(), id);
      db.exec('DROP TABLE users_v0');
      const highest = db
        .prepare<[], { n: number | null }>(
          'SELECT max(n) AS n FROM (SELECT max(id) AS n FROM users UNION ALL SELECT max(user_id) FROM audit_events)',
        )
        .get()!.n;
      if (highest !== null) {
        db.prepare("DELETE FROM sqlite_sequence WHERE name = 'users'").run();
        db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('users', ?)").run(highest);
      }
    })();
  }
  db.exec(ACCOUNTS_SCHEMA);
  db.pragma(`user_version = ${ACCOUNTS_SCHEMA_VERSION}`);
}
