import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { storedJson } from '../../server/auth/session-record.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { Figure } from './report.ts';

/** How many live sessions the memory figures hold. */
export const SESSIONS = 100_000;
/** Users the sessions belong to (each with an index set, as logins make them). */
const USERS = 1_000;
/** The login time (epoch ms) of the first session; each next one logs in a millisecond later (the index's score). */
const LOGIN_AT = Date.UTC(2026, 11, 6, 9, 0, 0);

/** A session record as a login writes it, in its stored form (times are now; the id is made up). */
function record(uid: number): string {
  const now = Date.now();
  return storedJson({
    uid,
    acct: 'p0Vx3Sk1Gq8yZbHn4TtW2A',
    state: 'active',
    created: now,
    seen: now,
    until: now + 28_800_000,
    mfa: false,
    ua: 'Chrome 142 on Linux',
    ip: '127.0.0.1',
  });
}
/** Ids as the server makes them: 16 random bytes, base64url (sequential ones would pack the SQLite index unrealistically tight). */
const sids = (): string[] => Array.from({ length: SESSIONS }, () => randomBytes(16).toString('base64url'));

/**
 * Redis: `used_memory` before and after 100k sessions (each `SET sl:sess:… PX` plus its `ZADD` to its user's index), per
 * session, on an emptied Redis (FLUSHALL, so no earlier key's table resizing is counted); emptied again after.
 */
export async function redisBytesPerSession(redisUrl: string): Promise<Figure> {
  const redis = new Redis(redisUrl);
  const ids = sids();
  const sid = (i: number) => ids[i]!;
  try {
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    await redis.flushall('SYNC');
    const before = await usedMemory();
    for (let start = 0; start < SESSIONS; start += 5_000) {
      const pipeline = redis.pipeline();
      for (let i = start; i < start + 5_000; i++) {
        pipeline.set(`sl:sess:${sid(i)}`, record(i % USERS), 'PX', 1_800_000);
        pipeline.zadd(`sl:user_sessions:${i % USERS}`, LOGIN_AT + i, sid(i));
      }
      await pipeline.exec();
    }
    const bytes = ((await usedMemory()) - before) / SESSIONS;
    return {
      name: 'redis: memory per live session, 100k sessions (used_memory delta on an empty Redis, key + index member)',
      value: `${bytes.toFixed(0)} B`,
      number: Math.round(bytes),
      unit: 'B',
    };
  } finally {
    await redis.flushall('SYNC');
    redis.disconnect();
  }
}

/** The embedded store: the database file's size (WAL checkpointed) with 100k sessions, per session. */
export async function sqliteBytesPerSession(): Promise<Figure> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-bench-size-'));
  const file = path.join(dir, 'store.sqlite');
  const store = new SqliteStore({ file });
  const ids = sids();
  const sid = (i: number) => ids[i]!;
  try {
    const empty = statSync(file).size;
    for (let start = 0; start < SESSIONS; start += 5_000) {
      await store.multi(
        Array.from({ length: 5_000 }, (_, k) => start + k).flatMap((i) => [
          { op: 'set' as const, key: `sl:sess:${sid(i)}`, value: record(i % USERS), px: 1_800_000 },
          {
            op: 'zadd' as const,
            key: `sl:user_sessions:${i % USERS}`,
            entries: [{ score: LOGIN_AT + i, member: sid(i) }],
          },
        ]),
      );
    }
    // Closing the last connection checkpoints the write-ahead log into the file.
    await store.close();
    const bytes = (statSync(file).size - empty) / SESSIONS;
    return {
      name: 'sqlite: file size per live session, 100k sessions (store.sqlite after its WAL is checkpointed)',
      value: `${bytes.toFixed(0)} B`,
      number: Math.round(bytes),
      unit: 'B',
    };
  } finally {
    await store.close(); // idempotent: the error path's close
    rmSync(dir, { recursive: true, force: true });
  }
}
