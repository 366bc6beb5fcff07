import type Database from 'better-sqlite3';

/**
 * The embedded store's tables: one row per key (its type, string value and absolute expiry in epoch
 * ms), and one row per member of a set or sorted set (a sorted set's with its score). Deleting a key
 * deletes its members.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  key        TEXT PRIMARY KEY,
  type       TEXT NOT NULL CHECK (type IN ('string', 'set', 'zset')),
  value      TEXT,
  expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_expires_at ON kv (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS set_member (
  key    TEXT NOT NULL,
  member TEXT NOT NULL,
  score  REAL,
  PRIMARY KEY (key, member)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS kv_delete_members AFTER DELETE ON kv
BEGIN
  DELETE FROM set_member WHERE key = old.key;
END;
`;

/**
 * Creates the tables, or brings a file made before sorted sets up to date (in one transaction): a `score` column
 * for members, and `kv` rebuilt with 'zset' among its types (SQLite cannot change a CHECK in place).
 */
export function applySchema(db: Database.Database): void {
  db.exec(SQLITE_SCHEMA);
  const kv = db
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'kv'")
    .get();
  const memberColumns = db.prepare<[], { name: string }>('PRAGMA table_info(set_member)').all();
  const hasScore = memberColumns.some((column) => column.name === 'score');
  if (kv?.sql.includes("'zset'") && hasScore) return;
  db.transaction(() => {
    if (!hasScore) db.exec('ALTER TABLE set_member ADD COLUMN score REAL');
    if (!kv?.sql.includes("'zset'")) {
      // The trigger and index go with the old table; SQLITE_SCHEMA makes them again on the new one.
      db.exec(`
        DROP TRIGGER IF EXISTS kv_delete_members;
        ALTER TABLE kv RENAME TO kv_before_zset;
        DROP INDEX IF EXISTS kv_expires_at;
      `);
      db.exec(SQLITE_SCHEMA);
      db.exec(`
        INSERT INTO kv (key, type, value, expires_at) SELECT key, type, value, expires_at FROM kv_before_zset;
        DROP TABLE kv_before_zset;
      `);
    }
  })();
}
