import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { Figure } from './report.ts';

/** How many live sessions the memory figures hold. */
export const SESSIONS = 100_000;
/** Users the sessions belong to (each with an index set, as logins make them). */
const USERS = 1_000;

/** A session record as a login writes it (times are now; the id is made up). */
function record(uid: number): string {
  const now = Date.now();
  return JSON.stringify({ uid, state: 'active', created: now, seen: now, until: now + 28_800_000, mfa: false, ua: 'Chrome 142 on Linux', ip: '127.0.0.1' });
}
const sid = (i: number) => `bench${i.toString(36).padStart(17, '0')}`.slice(-22);

/** Redis: `used_memory` before and after 100k sessions (each `SET sl:sess:… PX` plus its `SADD` to its user's index), per session. */
export async function redisBytesPerSession(redisUrl: string): Promise<Figure> {
  const redis = new Redis(redisUrl);
  try {
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    const before = await usedMemory();
    for (let start = 0; start < SESSIONS; start += 5_000) {
      const pipeline = redis.pipeline();
      for (let i = start; i < start + 5_000; i++) {
        pipeline.set(`sl:sess:${sid(i)}`, record(i % USERS), 'PX', 1_800_000);
        pipeline.sadd(`sl:user_sessions:${i % USERS}`, sid(i));
      }
      await pipeline.exec();
    }
    const bytes = ((await usedMemory()) - before) / SESSIONS;
    return { name: 'redis: memory per live session, 100k sessions (used_memory delta, key + index member)', value: `${bytes.toFixed(0)} B`, number: Math.round(bytes), unit: 'B' };
  } finally {
    redis.disconnect();
  }
}

/** The embedded store: the database file's size (WAL checkpointed) with 100k sessions, per session. */
export async function sqliteBytesPerSession(): Promise<Figure> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-bench-size-'));
  const file = path.join(dir, 'store.sqlite');
  const store = new SqliteStore({ file });
  try {
    const empty = statSync(file).size;
    for (let start = 0; start < SESSIONS; start += 5_000) {
      await store.multi(Array.from({ length: 5_000 }, (_, k) => start + k).flatMap((i) => [
        { op: 'set' as const, key: `sl:sess:${sid(i)}`, value: record(i % USERS), px: 1_800_000 },
        { op: 'sadd' as const, key: `sl:user_sessions:${i % USERS}`, members: [sid(i)] },
      ]));
    }
    await store.close();
    const bytes = (statSync(file).size - empty) / SESSIONS;
    return { name: 'sqlite: file size per live session, 100k sessions (store.sqlite after its WAL is checkpointed)', value: `${bytes.toFixed(0)} B`, number: Math.round(bytes), unit: 'B' };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
