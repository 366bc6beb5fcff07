import type Database from 'better-sqlite3';

/** A key's row in `kv`. */
export interface KeyRow {
  type: 'string' | 'set' | 'zset';
  value: string | null;
  expires_at: number | null;
}

/** Every statement the embedded store runs, prepared once per database. */
export type Statements = ReturnType<typeof prepareStatements>;

/** Prepares the embedded store's statements on `db` (whose schema must exist). */
export function prepareStatements(db: Database.Database) {
  return {
    meta: db.prepare<[string], KeyRow>('SELECT type, value, expires_at FROM kv WHERE key = ?'),
    due: db.prepare<[number, number], { key: string }>(
      'SELECT key FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?',
    ),
    upsert: db.prepare<[string, string, string | null, number | null]>(
      `INSERT INTO kv (key, type, value, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET type = excluded.type, value = excluded.value, expires_at = excluded.expires_at`,
    ),
    del: db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
    setExpiry: db.prepare<[number, string]>('UPDATE kv SET expires_at = ? WHERE key = ?'),
    persist: db.prepare<[string]>('UPDATE kv SET expires_at = NULL WHERE key = ? AND expires_at IS NOT NULL'),
    addMember: db.prepare<[string, string]>('INSERT OR IGNORE INTO set_member (key, member) VALUES (?, ?)'),
    removeMember: db.prepare<[string, string]>('DELETE FROM set_member WHERE key = ? AND member = ?'),
    clearMembers: db.prepare<[string]>('DELETE FROM set_member WHERE key = ?'),
    members: db.prepare<[string], { member: string }>('SELECT member FROM set_member WHERE key = ?'),
    addScored: db.prepare<[string, string, number]>(
      'INSERT OR IGNORE INTO set_member (key, member, score) VALUES (?, ?, ?)',
    ),
    setScore: db.prepare<[number, string, string]>('UPDATE set_member SET score = ? WHERE key = ? AND member = ?'),
    // Redis' order: by score, then bytewise by member (SQLite's BINARY collation compares the UTF-8 bytes).
    scored: db.prepare<[string], { member: string; score: number }>(
      'SELECT member, score FROM set_member WHERE key = ? ORDER BY score, member',
    ),
    card: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM set_member WHERE key = ?'),
    memberBytes: db.prepare<[string], { n: number | null }>(
      'SELECT sum(length(CAST(member AS BLOB))) AS n FROM set_member WHERE key = ?',
    ),
    page: db.prepare<[string, number, number], { key: string }>(
      'SELECT key FROM kv WHERE key > ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key LIMIT ?',
    ),
    pageFrom: db.prepare<[string, number, number], { key: string }>(
      'SELECT key FROM kv WHERE key >= ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key LIMIT ?',
    ),
  };
}
