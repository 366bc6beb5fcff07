/**
 * The embedded store's tables: one row per key (its type, string value and absolute expiry in epoch
 * ms), and one row per set member. Deleting a key deletes its members.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  key        TEXT PRIMARY KEY,
  type       TEXT NOT NULL CHECK (type IN ('string', 'set')),
  value      TEXT,
  expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_expires_at ON kv (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS set_member (
  key    TEXT NOT NULL,
  member TEXT NOT NULL,
  PRIMARY KEY (key, member)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS kv_delete_members AFTER DELETE ON kv
BEGIN
  DELETE FROM set_member WHERE key = old.key;
END;
`;
