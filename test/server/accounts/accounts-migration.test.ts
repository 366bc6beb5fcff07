import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Accounts } from '../../../server/accounts/accounts.ts';
import { ACCOUNTS_SCHEMA_VERSION } from '../../../server/accounts/accounts-schema.ts';

/** The accounts schema before ids were AUTOINCREMENT and accounts had keys, as databases made then hold it. */
const VERSION_0 = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'user')), password_hash TEXT NOT NULL, totp_secret TEXT,
  disabled INTEGER NOT NULL DEFAULT 0, demo INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, event TEXT NOT NULL, user_id INTEGER, username TEXT,
  sid_hash TEXT, ip TEXT, user_agent TEXT, detail TEXT
);`;

describe('the accounts database', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sl-accounts-'));
    return path.join(dir, 'accounts.sqlite');
  };
  const user = (username: string) => ({
    username,
    email: `${username}@x.test`,
    role: 'user' as const,
    passwordHash: 'h',
  });

  it('never gives a deleted user’s id again, not even the highest, and makes each account a random key', () => {
    const accounts = new Accounts(file());
    const [a, b] = [accounts.create(user('anna')), accounts.create(user('ben'))];
    accounts.delete(b.id);
    const c = accounts.create(user('cleo'));
    expect(c.id).toBe(b.id + 1);
    expect(new Set([a.accountKey, b.accountKey, c.accountKey]).size).toBe(3);
    for (const key of [a.accountKey, c.accountKey]) expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    accounts.close();
  });

  it('migrates a database of the earlier schema: same users and ids, a key each, and no id any user or audit event had is given again', () => {
    const where = file();
    const old = new Database(where);
    old.exec(VERSION_0);
    const insert = old.prepare(
      "INSERT INTO users (id, username, email, role, password_hash, totp_secret, disabled, demo, created_at, updated_at) VALUES (?, ?, 'e@x.test', 'user', 'hash', ?, 0, 1, 5, 6)",
    );
    insert.run(1, 'admin', null);
    insert.run(2, 'alice', 'TOTPSECRET');
    // User 3 was deleted; the audit trail still names them.
    old.prepare("INSERT INTO audit_events (at, event, user_id, username) VALUES (1, 'created', 3, 'carl')").run();
    old.close();

    const accounts = new Accounts(where);
    expect(accounts.db.pragma('user_version', { simple: true })).toBe(ACCOUNTS_SCHEMA_VERSION);
    const alice = accounts.findByUsername('alice')!;
    expect(alice).toMatchObject({ id: 2, totpSecret: 'TOTPSECRET', demo: true, createdAt: 5, updatedAt: 6 });
    expect(alice.accountKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(accounts.findById(1)!.accountKey).not.toBe(alice.accountKey);
    expect(accounts.create(user('dora')).id).toBe(4);
    accounts.close();

    // Opening it again changes nothing.
    const again = new Accounts(where);
    expect(again.findByUsername('alice')!.accountKey).toBe(alice.accountKey);
    expect(again.create(user('emil')).id).toBe(5);
    again.close();
  });
});
