import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotAnIntegerError, WrongTypeError } from '../../../server/errors.ts';
import type { KeyStore } from '../../../server/store/types.ts';
import type { KeyChange, KeyRead } from '../../../shared/store-events.ts';
import { waitFor } from '../../support/wait-for.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';

/** Every key a full SCAN returns (with duplicates, as Redis may give them). */
async function scanAll(
  store: KeyStore,
  match: string,
  count: number,
  between?: () => Promise<void>,
): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const page = await store.scan(cursor, { match, count });
    keys.push(...page.keys);
    cursor = page.cursor;
    await between?.();
  } while (cursor !== '0');
  return keys;
}

function record(store: KeyStore): KeyChange[] {
  const changes: KeyChange[] = [];
  store.onChange((change) => changes.push(change));
  return changes;
}

describe.each(BACKENDS_WITH_CLUSTER)('store contract: $name', (backend) => {
  let store: KeyStore;
  beforeAll(() => backend.setup(), 30_000);
  afterAll(() => backend.teardown());
  const fresh = async () => (store = await backend.fresh());

  it('reads back exactly what it wrote, byte for byte', async () => {
    await fresh();
    const value = JSON.stringify({ uid: 7, name: 'Zoë "z" O\'Neil', note: 'line\nbreak\ttab \\ 🎉' });
    expect(await store.set('sl:sess:a', value)).toBe(true);
    expect(await store.get('sl:sess:a')).toBe(value);
    expect(await store.get('sl:sess:missing')).toBeNull();
    expect(await store.exists('sl:sess:a')).toBe(true);
    expect(await store.type('sl:sess:a')).toBe('string');
    expect(await store.size('sl:sess:a')).toBe(Buffer.byteLength(value));
    expect(await store.del('sl:sess:a', 'sl:sess:missing')).toBe(1);
    expect(await store.exists('sl:sess:a')).toBe(false);
    expect(await store.type('sl:sess:a')).toBe('none');
    expect(await store.size('sl:sess:a')).toBe(0);
  });

  it('sets, overwrites, keeps and removes TTLs as Redis does', async () => {
    await fresh();
    await store.set('sl:k', 'v', { px: 60_000 });
    const ttl = await store.pttl('sl:k');
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.set('sl:k', 'v2', { keepTtl: true });
    expect(await store.pttl('sl:k')).toBeGreaterThan(55_000);
    await store.set('sl:k', 'v3');
    expect(await store.pttl('sl:k')).toBe(-1);
    expect(await store.pexpire('sl:k', 30_000)).toBe(true);
    expect(await store.pttl('sl:k')).toBeGreaterThan(25_000);
    expect(await store.persist('sl:k')).toBe(true);
    expect(await store.persist('sl:k')).toBe(false);
    expect(await store.pttl('sl:k')).toBe(-1);
    expect(await store.pttl('sl:nothing')).toBe(-2);
    expect(await store.pexpire('sl:nothing', 1_000)).toBe(false);
    const changes = record(store);
    expect(await store.pexpire('sl:k', 0)).toBe(true);
    expect(await store.exists('sl:k')).toBe(false);
    expect(changes).toMatchObject([
      { op: 'pexpire', key: 'sl:k', pttl: -2, command: backend.command('PEXPIRE sl:k 0') },
    ]);
    await expect(store.set('sl:k', 'v', { px: 1e19 })).rejects.toThrow(RangeError);
  });

  it('PEXPIRE NX/XX/GT/LT set a TTL only when their condition holds', async () => {
    await fresh();
    await store.set('sl:e', 'v');
    expect(await store.pexpire('sl:e', 10_000, 'XX')).toBe(false);
    expect(await store.pexpire('sl:e', 10_000, 'GT')).toBe(false);
    expect(await store.pttl('sl:e')).toBe(-1);
    expect(await store.pexpire('sl:e', 10_000, 'NX')).toBe(true);
    expect(await store.pexpire('sl:e', 20_000, 'NX')).toBe(false);
    expect(await store.pexpire('sl:e', 5_000, 'GT')).toBe(false);
    expect(await store.pexpire('sl:e', 30_000, 'GT')).toBe(true);
    expect(await store.pttl('sl:e')).toBeGreaterThan(25_000);
    expect(await store.pexpire('sl:e', 40_000, 'LT')).toBe(false);
    expect(await store.pexpire('sl:e', 15_000, 'LT')).toBe(true);
    expect(await store.pexpire('sl:e', 60_000, 'XX')).toBe(true);
    expect(await store.pttl('sl:e')).toBeGreaterThan(55_000);
    await store.persist('sl:e');
    expect(await store.pexpire('sl:e', 1_000, 'LT')).toBe(true);
    expect(await store.pexpire('sl:none', 1_000, 'NX')).toBe(false);
  });

  it('INCR counts from zero, keeps the TTL, and refuses what is not an integer', async () => {
    await fresh();
    const changes = record(store);
    expect(await store.incr('sl:n')).toBe(1);
    expect(await store.pttl('sl:n')).toBe(-1);
    await store.pexpire('sl:n', 60_000);
    expect(await store.incr('sl:n')).toBe(2);
    expect(await store.get('sl:n')).toBe('2');
    expect(await store.pttl('sl:n')).toBeGreaterThan(55_000);
    for (const notAnInteger of ['abc', '007', '-0', '+1', '1.5', ' 1', '9223372036854775808']) {
      await store.set('sl:text', notAnInteger);
      await expect(store.incr('sl:text'), notAnInteger).rejects.toBeInstanceOf(NotAnIntegerError);
    }
    await store.set('sl:big', '9007199254740993');
    await store.incr('sl:big');
    expect(await store.get('sl:big')).toBe('9007199254740994');
    await store.set('sl:max', '9223372036854775807');
    await expect(store.incr('sl:max')).rejects.toBeInstanceOf(NotAnIntegerError);
    expect(await store.get('sl:max')).toBe('9223372036854775807');
    await store.sadd('sl:aset', 'm');
    await expect(store.incr('sl:aset')).rejects.toBeInstanceOf(WrongTypeError);
    expect(await store.incr('sl:n', -5)).toBe(-3);
    expect(await store.incr('sl:n', 3)).toBe(0);
    const results = await store.multi([
      { op: 'incr', key: 'sl:throttle' },
      { op: 'pexpire', key: 'sl:throttle', ms: 300_000, when: 'NX' },
    ]);
    expect(results).toEqual([1, true]);
    expect(changes.filter((c) => c.key.startsWith('sl:n') || c.key === 'sl:throttle').map((c) => c.command)).toEqual(
      [
        'INCR sl:n',
        'PEXPIRE sl:n 60000',
        'INCR sl:n',
        'INCRBY sl:n -5',
        'INCRBY sl:n 3',
        'INCR sl:throttle',
        'PEXPIRE sl:throttle 300000 NX',
      ].map(backend.command),
    );
  });

  it('SET NX writes only when the key is absent, SET XX only when it exists', async () => {
    await fresh();
    const changes = record(store);
    expect(await store.set('sl:nx', 'first', { nx: true })).toBe(true);
    expect(await store.set('sl:nx', 'second', { nx: true })).toBe(false);
    expect(await store.get('sl:nx')).toBe('first');
    expect(await store.set('sl:xx', 'v', { xx: true, px: 1_000 })).toBe(false);
    expect(await store.exists('sl:xx')).toBe(false);
    expect(await store.set('sl:nx', 'third', { xx: true, px: 60_000 })).toBe(true);
    expect(await store.get('sl:nx')).toBe('third');
    expect(changes.map((c) => c.command)).toEqual(
      ['SET sl:nx first NX', 'SET sl:nx third PX 60000 XX'].map(backend.command),
    );
    await expect(store.set('sl:nx', 'v', { nx: true, xx: true })).rejects.toThrow(RangeError);
  });

  it('refuses writes Redis would refuse, before touching anything', async () => {
    await fresh();
    await expect(store.set('sl:bad', 'v', { px: 0 })).rejects.toThrow(RangeError);
    await expect(store.set('sl:bad', 'v', { px: 1.5 })).rejects.toThrow(RangeError);
    await expect(store.sadd('sl:bad')).rejects.toThrow(RangeError);
    expect(await store.exists('sl:bad')).toBe(false);
  });

  it('announces every write with its exact redis-cli command, and no-ops not at all', async () => {
    await fresh();
    const changes = record(store);
    await store.set('sl:sess:abc', '{"uid":1}', { px: 86_400_000 });
    await store.sadd('sl:user-sessions:1', 'abc', 'def');
    await store.sadd('sl:user-sessions:1', 'abc');
    await store.srem('sl:user-sessions:1', 'def');
    await store.pexpire('sl:sess:abc', 5_000);
    await store.persist('sl:sess:abc');
    await store.del('sl:sess:abc');
    await store.del('sl:sess:abc');
    expect(changes.map(({ op, key, pttl, command }) => ({ op, key, pttl, command }))).toEqual([
      {
        op: 'set',
        key: 'sl:sess:abc',
        pttl: 86_400_000,
        command: backend.command(`SET sl:sess:abc '{"uid":1}' PX 86400000`),
      },
      {
        op: 'sadd',
        key: 'sl:user-sessions:1',
        pttl: undefined,
        command: backend.command('SADD sl:user-sessions:1 abc def'),
      },
      {
        op: 'srem',
        key: 'sl:user-sessions:1',
        pttl: undefined,
        command: backend.command('SREM sl:user-sessions:1 def'),
      },
      { op: 'pexpire', key: 'sl:sess:abc', pttl: 5_000, command: backend.command('PEXPIRE sl:sess:abc 5000') },
      { op: 'persist', key: 'sl:sess:abc', pttl: -1, command: backend.command('PERSIST sl:sess:abc') },
      { op: 'del', key: 'sl:sess:abc', pttl: undefined, command: backend.command('DEL sl:sess:abc') },
    ]);
    for (const change of changes) expect(change.at).toBeGreaterThan(Date.now() - 60_000);
  });

  it('announces an expiry, after which the key is gone', async () => {
    await fresh();
    const changes = record(store);
    await store.set('sl:short', 'v', { px: 100 });
    const expired = await waitFor('the expired event', () =>
      changes.find((c) => c.op === 'expired' && c.key === 'sl:short'),
    );
    expect(expired.command).toBe(backend.command('DEL sl:short'));
    expect(await store.get('sl:short')).toBeNull();
    expect(await store.pttl('sl:short')).toBe(-2);
  });

  it('keeps sets: add, remove, members, count, delete when emptied', async () => {
    await fresh();
    expect(await store.sadd('sl:set', 'b', 'a', 'c', 'a')).toBe(3);
    expect(await store.sadd('sl:set', 'a', 'd')).toBe(1);
    expect(await store.smembers('sl:set')).toEqual(['a', 'b', 'c', 'd']);
    expect(await store.scard('sl:set')).toBe(4);
    expect(await store.type('sl:set')).toBe('set');
    expect(await store.size('sl:set')).toBe(4);
    expect(await store.srem('sl:set', 'a', 'zz')).toBe(1);
    expect(await store.srem('sl:set', 'b', 'c', 'd')).toBe(3);
    expect(await store.exists('sl:set')).toBe(false);
    expect(await store.smembers('sl:set')).toEqual([]);
    expect(await store.scard('sl:set')).toBe(0);
    expect(await store.srem('sl:set', 'a')).toBe(0);
  });

  it('gives sets TTLs, and SET replaces a set with a string', async () => {
    await fresh();
    await store.sadd('sl:idx', 'x');
    expect(await store.pexpire('sl:idx', 10_000)).toBe(true);
    expect(await store.pttl('sl:idx')).toBeGreaterThan(9_000);
    await store.sadd('sl:idx', 'y');
    expect(await store.pttl('sl:idx')).toBeGreaterThan(9_000);
    await store.set('sl:idx', 'now a string');
    expect(await store.type('sl:idx')).toBe('string');
    expect(await store.pttl('sl:idx')).toBe(-1);
    await store.del('sl:idx');
    expect(await store.sadd('sl:idx', 'fresh')).toBe(1);
    expect(await store.smembers('sl:idx')).toEqual(['fresh']);
  });

  it('refuses set commands on a string with WRONGTYPE', async () => {
    await fresh();
    await store.set('sl:str', 'v');
    await expect(store.sadd('sl:str', 'm')).rejects.toBeInstanceOf(WrongTypeError);
    await expect(store.smembers('sl:str')).rejects.toBeInstanceOf(WrongTypeError);
    await store.sadd('sl:set', 'm');
    await expect(store.get('sl:set')).rejects.toBeInstanceOf(WrongTypeError);
  });

  it('a multi-op applies its ops in order, answers each op in order and announces each write as sent', async () => {
    await fresh();
    const changes = record(store);
    const results = await store.multi([
      { op: 'set', key: 'sl:sess:s1', value: '{"uid":9}', px: 60_000 },
      { op: 'sadd', key: 'sl:user-sessions:9', members: ['s1'] },
      { op: 'pexpire', key: 'sl:user-sessions:9', ms: 60_000 },
    ]);
    expect(results).toEqual([true, 1, true]);
    expect(await store.get('sl:sess:s1')).toBe('{"uid":9}');
    expect(await store.smembers('sl:user-sessions:9')).toEqual(['s1']);
    expect(changes.map((c) => c.command)).toEqual(
      [`SET sl:sess:s1 '{"uid":9}' PX 60000`, 'SADD sl:user-sessions:9 s1', 'PEXPIRE sl:user-sessions:9 60000'].map(
        backend.command,
      ),
    );
  });

  it('in a multi-op, a WRONGTYPE fails the call but, as in Redis, does not undo the rest', async () => {
    await fresh();
    await store.set('sl:str', 'v');
    const changes = record(store);
    await expect(
      store.multi([
        { op: 'set', key: 'sl:a', value: '1' },
        { op: 'sadd', key: 'sl:str', members: ['m'] },
        { op: 'set', key: 'sl:b', value: '2' },
      ]),
    ).rejects.toBeInstanceOf(WrongTypeError);
    expect(await store.get('sl:a')).toBe('1');
    expect(await store.get('sl:b')).toBe('2');
    expect(changes.map((c) => c.key)).toEqual(['sl:a', 'sl:b']);
  });

  it('announces each read as the redis-cli command that makes it', async () => {
    await fresh();
    await store.set('sl:sess:r1', 'v');
    await store.sadd('sl:user_sessions:9', 'r1');
    const reads: KeyRead[] = [];
    const stop = store.onRead((read) => reads.push(read));
    await store.get('sl:sess:r1');
    await store.exists('sl:denylist:r1');
    await store.pttl('sl:sess:r1');
    await store.smembers('sl:user_sessions:9');
    await store.scard('sl:user_sessions:9');
    await store.type('sl:sess:r1');
    stop();
    await store.get('sl:sess:r1');
    expect(reads.map((read) => read.key)).toEqual([
      'sl:sess:r1',
      'sl:denylist:r1',
      'sl:sess:r1',
      'sl:user_sessions:9',
      'sl:user_sessions:9',
      'sl:sess:r1',
    ]);
    expect(reads.map((read) => read.command)).toEqual(
      [
        'GET sl:sess:r1',
        'EXISTS sl:denylist:r1',
        'PTTL sl:sess:r1',
        'SMEMBERS sl:user_sessions:9',
        'SCARD sl:user_sessions:9',
        'TYPE sl:sess:r1',
      ].map(backend.command),
    );
  });

  it('a multi-op is isolated: concurrent multis never interleave their writes', async () => {
    await fresh();
    // Each multi increments two counters; were another multi's writes let in between, its two results would differ.
    const results = await Promise.all(
      Array.from({ length: 60 }, () =>
        store.multi([
          { op: 'incr', key: 'sl:pair:a' },
          { op: 'incr', key: 'sl:pair:b' },
        ]),
      ),
    );
    for (const [a, b] of results) expect(a).toBe(b);
    expect(new Set(results.map(([a]) => a)).size).toBe(60);
    // The last multi's two writes are the ones that stay, together.
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        store.multi([
          { op: 'set', key: 'sl:pair:x', value: `v${i}` },
          { op: 'set', key: 'sl:pair:y', value: `v${i}` },
        ]),
      ),
    );
    expect(await store.get('sl:pair:x')).toBe(await store.get('sl:pair:y'));
  });

  it('a multi-op over keys of several families applies every op, answers and announces in order', async () => {
    await fresh();
    const changes = record(store);
    const results = await store.multi([
      { op: 'set', key: 'sl:sess:m1', value: 'v', px: 60_000 },
      { op: 'set', key: 'sl:denylist:m1', value: '1', px: 60_000 },
      { op: 'incr', key: 'sl:throttle:m1' },
      { op: 'sadd', key: 'sl:user_sessions:9', members: ['m1'] },
    ]);
    expect(results).toEqual([true, true, 1, 1]);
    expect(changes.map((c) => c.key)).toEqual(['sl:sess:m1', 'sl:denylist:m1', 'sl:throttle:m1', 'sl:user_sessions:9']);
    expect(await store.get('sl:denylist:m1')).toBe('1');
  });

  it('SCAN pages through every key exactly as MATCH selects', async () => {
    await fresh();
    const keys = Array.from({ length: 250 }, (_, i) => `sl:scan:${String(i).padStart(3, '0')}`);
    await Promise.all(keys.map((key) => store.set(key, 'v')));
    await store.set('sl:other:1', 'v');
    await store.set('sl:scan:x1', 'v');
    await store.set('sl:scan:y1', 'v');
    const all = new Set(await scanAll(store, 'sl:scan:*', 20));
    expect(all.size).toBe(252);
    expect(new Set(await scanAll(store, 'sl:scan:[xy]?', 7))).toEqual(new Set(['sl:scan:x1', 'sl:scan:y1']));
    expect(new Set(await scanAll(store, 'sl:scan:[^0-9x]1', 50))).toEqual(new Set(['sl:scan:y1']));
    expect(new Set(await scanAll(store, 'sl:scan:00?', 3))).toEqual(new Set(keys.slice(0, 10)));
    expect(await scanAll(store, 'sl:nothing:*', 10)).toEqual([]);
    expect(new Set(await scanAll(store, '*', 100)).size).toBe(253);
  });

  it('SCAN returns every key that lives through the whole scan, under concurrent writes', async () => {
    await fresh();
    const stable = Array.from({ length: 500 }, (_, i) => `sl:c:stable:${i}`);
    await Promise.all(stable.map((key) => store.set(key, 's')));
    let round = 0;
    const churn = async () => {
      round++;
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`sl:c:new:${round}:${i}`, 'n')));
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.del(`sl:c:new:${round - 1}:${i}`)));
    };
    // A writer runs alongside the scan (interleaving at every await), and churns between pages too.
    let scanning = true;
    const writer = (async () => {
      while (scanning) await churn();
    })();
    const seen = new Set(await scanAll(store, 'sl:c:*', 25, churn));
    scanning = false;
    await writer;
    expect(round).toBeGreaterThan(20);
    for (const key of stable) expect(seen.has(key), key).toBe(true);
  });

  it('holds 10k keys and scans them all', async () => {
    await fresh();
    const n = 10_000;
    for (let start = 0; start < n; start += 1_000) {
      await store.multi(
        Array.from({ length: 1_000 }, (_, i) => ({
          op: 'set' as const,
          key: `sl:bulk:${start + i}`,
          value: `v${start + i}`,
          px: 600_000,
        })),
      );
    }
    const seen = new Set(await scanAll(store, 'sl:bulk:*', 1_000));
    expect(seen.size).toBe(n);
    expect(await store.get('sl:bulk:9999')).toBe('v9999');
    expect(await store.del(...Array.from({ length: n }, (_, i) => `sl:bulk:${i}`))).toBe(n);
    expect(await scanAll(store, 'sl:bulk:*', 1_000)).toEqual([]);
  }, 60_000);
});
