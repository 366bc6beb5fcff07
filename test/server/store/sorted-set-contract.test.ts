import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WrongTypeError } from '../../../server/errors.ts';
import type { KeyStore } from '../../../server/store/types.ts';
import type { KeyChange, KeyRead } from '../../../shared/store-events.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';

// The sorted set (a user's session index, scored by login time) on every backend, as Redis 7 keeps it.
describe.each(BACKENDS_WITH_CLUSTER)('sorted sets: $name', (backend) => {
  let store: KeyStore;
  beforeAll(() => backend.setup(), 30_000);
  afterAll(() => backend.teardown());
  const fresh = async () => (store = await backend.fresh());

  it('keeps members in score order (ties bytewise), counts, re-scores, removes, and deletes when emptied', async () => {
    await fresh();
    expect(await store.zadd('sl:z', 1_700_000_000_300, 'late')).toBe(1);
    expect(await store.zadd('sl:z', 1_700_000_000_100, 'early')).toBe(1);
    expect(await store.zadd('sl:z', 1_700_000_000_200, 'b')).toBe(1);
    expect(await store.zadd('sl:z', 1_700_000_000_200, 'B')).toBe(1);
    expect(await store.zrange('sl:z')).toEqual([
      { member: 'early', score: 1_700_000_000_100 },
      { member: 'B', score: 1_700_000_000_200 },
      { member: 'b', score: 1_700_000_000_200 },
      { member: 'late', score: 1_700_000_000_300 },
    ]);
    // A member already there takes its new score and is not counted as added (ZADD without CH).
    expect(await store.zadd('sl:z', 1, 'late')).toBe(0);
    expect((await store.zrange('sl:z')).map(({ member }) => member)).toEqual(['late', 'early', 'B', 'b']);
    expect(await store.zcard('sl:z')).toBe(4);
    expect(await store.type('sl:z')).toBe('zset');
    expect(await store.size('sl:z')).toBe('lateearlyBb'.length);
    expect(await store.zrem('sl:z', 'late', 'nope')).toBe(1);
    expect(await store.zrem('sl:z', 'early', 'B', 'b')).toBe(3);
    expect(await store.exists('sl:z')).toBe(false);
    expect(await store.zrange('sl:z')).toEqual([]);
    expect(await store.zcard('sl:z')).toBe(0);
    expect(await store.zrem('sl:z', 'x')).toBe(0);
  });

  it('gives sorted sets TTLs, and SET replaces one with a string, members and all', async () => {
    await fresh();
    await store.zadd('sl:idx', 5, 'x');
    expect(await store.pexpire('sl:idx', 10_000)).toBe(true);
    await store.zadd('sl:idx', 6, 'y');
    expect(await store.pttl('sl:idx')).toBeGreaterThan(9_000);
    await store.set('sl:idx', 'now a string');
    expect(await store.type('sl:idx')).toBe('string');
    await store.del('sl:idx');
    expect(await store.zadd('sl:idx', 7, 'fresh')).toBe(1);
    expect(await store.zrange('sl:idx')).toEqual([{ member: 'fresh', score: 7 }]);
  });

  it('refuses sorted-set commands on other types, and set commands on a sorted set, with WRONGTYPE', async () => {
    await fresh();
    await store.set('sl:str', 'v');
    await store.sadd('sl:set', 'm');
    await store.zadd('sl:z', 1, 'm');
    await expect(store.zadd('sl:str', 1, 'm')).rejects.toBeInstanceOf(WrongTypeError);
    await expect(store.zadd('sl:set', 1, 'm')).rejects.toBeInstanceOf(WrongTypeError);
    await expect(store.zrange('sl:set')).rejects.toBeInstanceOf(WrongTypeError);
    await expect(store.zcard('sl:str')).rejects.toBeInstanceOf(WrongTypeError);
    await expect(store.zrem('sl:set', 'm')).rejects.toBeInstanceOf(WrongTypeError);
    await expect(store.sadd('sl:z', 'm')).rejects.toBeInstanceOf(WrongTypeError);
    await expect(store.smembers('sl:z')).rejects.toBeInstanceOf(WrongTypeError);
    await expect(store.get('sl:z')).rejects.toBeInstanceOf(WrongTypeError);
  });

  it('refuses scores that are not finite and empty member lists, before touching anything', async () => {
    await fresh();
    await expect(store.zadd('sl:z', Number.NaN, 'm')).rejects.toBeInstanceOf(RangeError);
    await expect(store.zadd('sl:z', Number.POSITIVE_INFINITY, 'm')).rejects.toBeInstanceOf(RangeError);
    await expect(store.multi([{ op: 'zadd', key: 'sl:z', entries: [] }])).rejects.toBeInstanceOf(RangeError);
    await expect(store.zrem('sl:z')).rejects.toBeInstanceOf(RangeError);
    expect(await store.exists('sl:z')).toBe(false);
  });

  it('announces writes and reads as their redis-cli commands, in a multi too', async () => {
    await fresh();
    const changes: KeyChange[] = [];
    const reads: KeyRead[] = [];
    store.onChange((change) => changes.push(change));
    const stop = store.onRead((read) => reads.push(read));
    const results = await store.multi([
      { op: 'set', key: 'sl:sess:s1', value: 'v', px: 60_000 },
      { op: 'zadd', key: 'sl:user_sessions:9', entries: [{ score: 1_700_000_000_123, member: 's1' }] },
      { op: 'pexpire', key: 'sl:user_sessions:9', ms: 60_000, when: 'NX' },
    ]);
    expect(results).toEqual([true, 1, true]);
    await store.zadd('sl:user_sessions:9', 1_700_000_000_123, 's1');
    await store.zrange('sl:user_sessions:9');
    await store.zcard('sl:user_sessions:9');
    await store.zrem('sl:user_sessions:9', 's1');
    stop();
    expect(changes.map((c) => c.command)).toEqual(
      [
        'SET sl:sess:s1 v PX 60000',
        'ZADD sl:user_sessions:9 1700000000123 s1',
        'PEXPIRE sl:user_sessions:9 60000 NX',
        // Announced although it added nothing: its reply cannot tell a new score (which Redis announces) from none.
        'ZADD sl:user_sessions:9 1700000000123 s1',
        'ZREM sl:user_sessions:9 s1',
      ].map(backend.command),
    );
    expect(reads.map((read) => read.command)).toEqual(
      ['ZRANGE sl:user_sessions:9 0 -1 WITHSCORES', 'ZCARD sl:user_sessions:9'].map(backend.command),
    );
  });
});
