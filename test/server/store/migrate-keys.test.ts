import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeMigration, migrateKeys } from '../../../server/store/migrate-keys.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';

// The copy on its own, between two real SQLite files on one frozen clock (the HTTP runs between SQLite and a real
// redis-server are in test/server/migrate-sessions.test.ts).

let clock = 1_800_000_000_000;
const open: SqliteStore[] = [];
function store(): SqliteStore {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-migrate-keys-'));
  const made = new SqliteStore({ file: path.join(dir, 'store.sqlite'), now: () => clock, sweepIntervalMs: 3_600_000 });
  open.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((made) => made.close()));
});

describe('migrateKeys', () => {
  it('copies credential keys with the TTL left, counts what expired meanwhile, removes what the old store ended', async () => {
    const from = store();
    const to = store();
    await from.set('sl:sess:a', '{"uid":1}', { px: 10_000 });
    await from.set('sl:sess:b', '{"uid":2}', { px: 500 });
    await from.sadd('sl:user_sessions:1', 'a', 'b');
    await from.pexpire('sl:user_sessions:1', 20_000);
    await from.set('sl:throttle:user:alice', '3', { px: 10_000 });
    await to.set('sl:sess:ended', '{"uid":3}', { px: 10_000 });
    await to.sadd('sl:user_sessions:1', 'ended');
    await to.set('sl:throttle:ip:127.0.0.1', '1', { px: 10_000 });
    clock += 100;

    // One second passes after the first key is copied: sl:sess:b (500 ms left) expires before its turn.
    const report = await migrateKeys(from, to, {
      onProgress: (copied) => {
        if (copied === 1) clock += 1_000;
      },
    });

    const sessions = report.patterns.find((part) => part.pattern === 'sl:sess:*')!;
    expect(sessions).toEqual({ pattern: 'sl:sess:*', copied: 1, expired: 1, removed: 1 });
    expect(report).toMatchObject({ copied: 2, expired: 1, removed: 1 });
    expect(describeMigration(report)).toBe(
      '2 keys copied (sess 1, user_sessions 1); 1 expired before they could be copied; 1 left from before deleted',
    );
    expect(await to.get('sl:sess:a')).toBe('{"uid":1}');
    // Written with 9,900 ms left (10 s less the 100 ms gone), then the clock moved 1 s.
    expect(await to.pttl('sl:sess:a')).toBeLessThanOrEqual(8_900);
    expect(await to.pttl('sl:sess:a')).toBeGreaterThan(8_800);
    // A set is replaced whole, not merged with the new store's members.
    expect(await to.smembers('sl:user_sessions:1')).toEqual(['a', 'b']);
    expect(await to.exists('sl:sess:ended')).toBe(false);
    // Throttle counters are not copied, nor removed.
    expect(await to.exists('sl:throttle:user:alice')).toBe(false);
    expect(await to.exists('sl:throttle:ip:127.0.0.1')).toBe(true);
    // The old store was only read.
    expect(await from.get('sl:sess:a')).toBe('{"uid":1}');
    expect(await from.exists('sl:throttle:user:alice')).toBe(true);
  });

  it('a new store that fails half-way: the error says how far it got, and the keys it wrote are deleted again', async () => {
    const from = store();
    const to = store();
    for (const id of ['a', 'b', 'c']) await from.set(`sl:sess:${id}`, '{}', { px: 60_000 });
    let writes = 0;
    const failing = new Proxy(to, {
      get(target, name, receiver) {
        if (name === 'set')
          return (...args: Parameters<SqliteStore['set']>) => {
            if (++writes === 3) return Promise.reject(new Error('the disk is full'));
            return target.set(...args);
          };
        const value = Reflect.get(target, name, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    await expect(migrateKeys(from, failing)).rejects.toThrow(
      'the sessions could not be copied (the disk is full) after 2 keys; the keys already copied were deleted again',
    );
    expect(await to.exists('sl:sess:a')).toBe(false);
    expect(await to.exists('sl:sess:b')).toBe(false);
    expect(await from.exists('sl:sess:c')).toBe(true);
  });
});
