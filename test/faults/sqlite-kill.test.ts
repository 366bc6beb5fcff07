import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { stopChild } from '../support/child-exit.ts';
import { scanAll } from '../support/scan-all.ts';
import { cookieLogin, sessionMe, startChildServer, until, type ChildServer } from '../support/child-server.ts';

const USERS = [
  ['alice', 'alice-lab-pass'],
  ['bob', 'bob-lab-pass'],
] as const;

describe('SQLite faults: the server killed (SIGKILL) in the middle of writes', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-sqlite-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens the embedded store again on restart, with every committed session intact', async () => {
    const config = { dataDir, store: 'sqlite', sessionLimit: 100 };
    const file = path.join(dataDir, 'store.sqlite');
    const first = await startChildServer(config);
    let second: ChildServer | undefined;
    // Committed: the server answered 200 with the cookie, so the session was written before the answer.
    const committed: string[] = [];
    let cut = 0;
    let killed = false;
    try {
      const worker = async (n: number) => {
        // At most 150 logins over two accounts: 75 each, below the session limit, so no login evicts another.
        for (let i = 0; !killed && committed.length < 150; i++) {
          const [username, password] = USERS[(n + i) % USERS.length]!;
          try {
            const login = await cookieLogin(first.url, username, password);
            if (login.cookie) committed.push(login.cookie);
          } catch {
            // The connection died with the process (the login was in flight), or there was no process any more.
            cut++;
            return;
          }
        }
      };
      const workers = [0, 1, 2, 3].map(worker);
      // Kill it once it has committed a good number, with logins in flight.
      await until(() => committed.length >= 80, 'the first 80 logins');
      await first.kill();
      killed = true;
      await Promise.all(workers);
      expect(first.child.signalCode).toBe('SIGKILL');
      // The crash left its write-ahead log behind: nothing has opened the file since.
      expect(existsSync(`${file}-wal`)).toBe(true);

      // The server opens the file as the crash left it.
      second = await startChildServer(config);
      const lost: string[] = [];
      for (const cookie of committed) if ((await sessionMe(second.url, cookie)).status !== 200) lost.push(cookie);
      // And the file is whole (read beside the running server, read-only).
      const db = new Database(file, { readonly: true });
      const integrity = db.pragma('integrity_check', { simple: true });
      const rows = (db.prepare("SELECT count(*) AS n FROM kv WHERE key LIKE 'sl:sess:%'").get() as { n: number }).n;
      db.close();
      console.info(
        `sqlite SIGKILL: ${committed.length} sessions committed before the kill, ${cut} logins cut or refused, ${rows} session rows after, integrity ${String(integrity)}, ${lost.length} lost`,
      );
      expect(integrity).toBe('ok');
      expect(rows).toBeGreaterThanOrEqual(committed.length);
      expect(lost).toEqual([]);
    } finally {
      killed = true;
      await first.kill();
      await second?.kill();
    }
  });

  it('loses no committed write when the writer dies inside a write loop', async () => {
    const file = path.join(dataDir, 'writer.sqlite');
    const child = fork(new URL('./sqlite-writer-child.ts', import.meta.url).pathname, [file], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let committed = 0;
    child.on('message', (message) => (committed = Math.max(committed, (message as { committed: number }).committed)));
    try {
      await until(() => committed >= 5_000, '5,000 committed writes');
    } finally {
      await stopChild(child, 'SIGKILL');
    }
    expect(child.signalCode).toBe('SIGKILL');
    const store = new SqliteStore({ file });
    try {
      // Every write reported as committed is there, whole, with its set member; at most the one in flight is not.
      const missing: number[] = [];
      for (let n = 1; n <= committed; n++) {
        const value = await store.get(`sl:sess:fault-${n}`);
        if (value === null || (JSON.parse(value) as { uid: number }).uid !== n) missing.push(n);
      }
      expect(missing).toEqual([]);
      expect(await store.smembers(`sl:user_sessions:${committed % 10}`)).toContain(`fault-${committed}`);
      const total = (await scanAll(store, 'sl:sess:fault-*')).length;
      console.info(
        `sqlite writer SIGKILL: ${committed} writes reported committed, ${total} found after the kill (the rest were committed but not yet reported), 0 lost`,
      );
      expect(total).toBeGreaterThanOrEqual(committed);
    } finally {
      await store.close();
    }
  });
});
