import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../server/errors.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import type { KeyChange } from '../../../shared/store-events.ts';
import { waitFor } from '../../support/wait-for.ts';

describe('SQLite backend with a frozen clock', () => {
  let dir: string;
  let now: number;
  let store: SqliteStore;
  let changes: KeyChange[];
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sl-sqlite-'));
    now = 1_700_000_000_000;
    // A sweeper interval far beyond the test keeps expiry under the test's control.
    store = new SqliteStore({ file: path.join(dir, 'store.sqlite'), now: () => now, sweepIntervalMs: 3_600_000 });
    changes = [];
    store.onChange((change) => changes.push(change));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads its own file size from SQLite: pages grow with the keys written, the write-ahead log holds the writes', async () => {
    const before = store.fileSize();
    expect(before.pageSize).toBeGreaterThanOrEqual(512);
    expect(before.pages).toBeGreaterThan(0);
    for (let index = 0; index < 300; index++) await store.set(`sl:sess:${index}`, 'x'.repeat(1_000), { px: 60_000 });
    const after = store.fileSize();
    // 300 KB of values cannot fit in the pages there were: SQLite's own page count says how many it took.
    expect(after.pages * after.pageSize - before.pages * before.pageSize).toBeGreaterThan(300_000);
    expect(after.walBytes).toBeGreaterThan(0);
  });

  it('counts a TTL down with the clock and expires the key lazily on the first read', async () => {
    await store.set('sl:k', 'v', { px: 1_000 });
    now += 400;
    expect(await store.pttl('sl:k')).toBe(600);
    now += 599;
    expect(await store.get('sl:k')).toBe('v');
    now += 1;
    expect(await store.get('sl:k')).toBeNull();
    expect(changes.at(-1)).toEqual({ op: 'expired', key: 'sl:k', at: now, command: 'DEL sl:k' });
    expect(changes.filter((c) => c.op === 'expired')).toHaveLength(1);
  });

  it('sweeps expired keys nobody reads, announcing each once', async () => {
    await store.set('sl:a', 'v', { px: 100 });
    await store.sadd('sl:s', 'm');
    await store.pexpire('sl:s', 200);
    await store.set('sl:forever', 'v');
    now += 150;
    expect(store.sweep()).toBe(1);
    now += 100;
    expect(store.sweep()).toBe(1);
    expect(store.sweep()).toBe(0);
    expect(changes.filter((c) => c.op === 'expired').map((c) => c.key)).toEqual(['sl:a', 'sl:s']);
    expect(await store.smembers('sl:s')).toEqual([]);
    expect(await store.get('sl:forever')).toBe('v');
  });

  it('does not return expired keys from SCAN', async () => {
    await store.set('sl:gone', 'v', { px: 10 });
    await store.set('sl:here', 'v');
    now += 10;
    expect((await store.scan('0', { match: 'sl:*', count: 10 })).keys).toEqual(['sl:here']);
  });

  it('stores values byte for byte, with absolute expiry, in one WAL file', async () => {
    const value = '{"name":"Zoë","emoji":"🎉"}';
    await store.set('sl:sess:x', value, { px: 5_000 });
    const db = new Database(path.join(dir, 'store.sqlite'), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const row = db
        .prepare('SELECT value, CAST(value AS BLOB) AS bytes, expires_at FROM kv WHERE key = ?')
        .get('sl:sess:x') as {
        value: string;
        bytes: Buffer;
        expires_at: number;
      };
      expect(row.value).toBe(value);
      expect(row.bytes.equals(Buffer.from(value, 'utf8'))).toBe(true);
      expect(row.expires_at).toBe(now + 5_000);
    } finally {
      db.close();
    }
  });

  it('keeps its keys across a reopen of the file', async () => {
    await store.set('sl:persisted', 'v', { px: 60_000 });
    await store.close();
    store = new SqliteStore({
      file: path.join(dir, 'store.sqlite'),
      now: () => now + 1_000,
      sweepIntervalMs: 3_600_000,
    });
    expect(await store.get('sl:persisted')).toBe('v');
    expect(await store.pttl('sl:persisted')).toBe(59_000);
  });

  it('reads while another connection holds the write lock, and answers writes 503-style when it is held too long', async () => {
    await store.set('sl:k', 'v');
    const other = new Database(path.join(dir, 'store.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(await store.get('sl:k')).toBe('v');
      await expect(store.set('sl:k', 'w')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.set('sl:k', 'w')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await store.set('sl:k', 'w')).toBe(true);
  });

  it('answers StoreUnavailableError once closed', async () => {
    await store.close();
    await expect(store.get('sl:k')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.set('sl:k', 'v')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('SQLite sweeper', () => {
  it('survives a locked file, reports it, and sweeps once the lock is gone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-sweeper-'));
    const errors: unknown[] = [];
    const store = new SqliteStore({
      file: path.join(dir, 'store.sqlite'),
      sweepIntervalMs: 20,
      onBackgroundError: (error) => errors.push(error),
    });
    const changes: KeyChange[] = [];
    store.onChange((change) => changes.push(change));
    await store.set('sl:soon', 'v', { px: 30 });
    const other = new Database(path.join(dir, 'store.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    await waitFor('a reported sweep failure', () => (errors.length > 0 ? true : undefined));
    expect(changes.some((c) => c.op === 'expired')).toBe(false);
    other.exec('ROLLBACK');
    other.close();
    await waitFor('the sweep after the lock', () => changes.find((c) => c.op === 'expired' && c.key === 'sl:soon'));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('SQLite file made before sorted sets', () => {
  it('is brought up to date on open: every key kept, sorted sets writable, members still go with their key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-schema-'));
    const file = path.join(dir, 'store.sqlite');
    // The schema as it was: no 'zset' type, no score column.
    const old = new Database(file);
    old.exec(`
      CREATE TABLE kv (key TEXT PRIMARY KEY, type TEXT NOT NULL CHECK (type IN ('string', 'set')), value TEXT,
        expires_at INTEGER) WITHOUT ROWID;
      CREATE INDEX kv_expires_at ON kv (expires_at) WHERE expires_at IS NOT NULL;
      CREATE TABLE set_member (key TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (key, member)) WITHOUT ROWID;
      CREATE TRIGGER kv_delete_members AFTER DELETE ON kv BEGIN DELETE FROM set_member WHERE key = old.key; END;
      INSERT INTO kv VALUES ('sl:sess:a', 'string', 'v', 4102444800000), ('sl:user_sessions:2', 'set', NULL, NULL);
      INSERT INTO set_member VALUES ('sl:user_sessions:2', 'a');
    `);
    old.close();
    const store = new SqliteStore({ file, sweepIntervalMs: 3_600_000 });
    expect(await store.get('sl:sess:a')).toBe('v');
    expect(await store.pttl('sl:sess:a')).toBeGreaterThan(0);
    expect(await store.smembers('sl:user_sessions:2')).toEqual(['a']);
    expect(await store.zadd('sl:user_sessions:3', 5, 'b')).toBe(1);
    expect(await store.zrange('sl:user_sessions:3')).toEqual([{ member: 'b', score: 5 }]);
    await store.del('sl:user_sessions:2', 'sl:user_sessions:3');
    await store.close();
    const check = new Database(file);
    expect(check.prepare('SELECT count(*) AS n FROM set_member').get()).toEqual({ n: 0 });
    const objects = check.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name LIKE 'kv%'").all();
    expect(objects).toEqual(
      expect.arrayContaining([
        { type: 'table', name: 'kv', tbl_name: 'kv' },
        { type: 'index', name: 'kv_expires_at', tbl_name: 'kv' },
        { type: 'trigger', name: 'kv_delete_members', tbl_name: 'kv' },
      ]),
    );
    expect(objects).toHaveLength(3);
    check.close();
    // Opening it again changes nothing.
    const again = new SqliteStore({ file, sweepIntervalMs: 3_600_000 });
    expect(await again.get('sl:sess:a')).toBe('v');
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
