import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyKeyEvent, formatTtl, remainingMs } from '../../renderer/src/inspector/key-entry.ts';
import { GONE_ROW_MS, InspectorModel } from '../../renderer/src/inspector/inspector-model.ts';
import type { KeyPage } from '../../shared/api/inspector.ts';
import type { KeyEvent } from '../../shared/inspector-events.ts';

const set = (key: string, pttl: number, cause: KeyEvent['cause'] = 1): KeyEvent => ({
  op: 'set',
  key,
  pttl,
  at: 0,
  command: `SET ${key} v PX ${pttl}`,
  cause,
});
const del = (key: string): KeyEvent => ({ op: 'del', key, at: 0, command: `DEL ${key}`, cause: 'inspector' });

describe('a key entry', () => {
  it('counts its TTL down from the moment it was observed, never below zero', () => {
    const entry = applyKeyEvent(undefined, set('sl:sess:a', 5_000), 1_000);
    expect(remainingMs(entry, 1_000)).toBe(5_000);
    expect(remainingMs(entry, 3_500)).toBe(2_500);
    expect(remainingMs(entry, 9_000)).toBe(0);
    expect(formatTtl(remainingMs(entry, 3_500))).toBe('3 s');
    expect(formatTtl(0)).toBe('expiring…');
  });

  it('follows the commands: SADD makes a set, PERSIST removes the TTL, DEL and PEXPIRE 0 end it', () => {
    const added = applyKeyEvent(
      undefined,
      { op: 'sadd', key: 'sl:user_sessions:1', at: 0, command: 'SADD …', cause: 1 },
      0,
    );
    expect(added.type).toBe('set');
    expect(added.pttl).toBeNull();
    const kept = applyKeyEvent(
      added,
      { op: 'persist', key: 'sl:user_sessions:1', pttl: -1, at: 0, command: 'PERSIST …', cause: 1 },
      10,
    );
    expect(remainingMs(kept, 99_999)).toBe(-1);
    expect(formatTtl(-1)).toBe('no TTL');
    expect(applyKeyEvent(kept, del('sl:user_sessions:1'), 20)).toMatchObject({ goneAt: 20, goneBy: 'del' });
    expect(
      applyKeyEvent(
        kept,
        { op: 'pexpire', key: 'sl:user_sessions:1', pttl: -2, at: 0, command: 'PEXPIRE … 0', cause: 1 },
        30,
      ),
    ).toMatchObject({ goneAt: 30, goneBy: 'expired' });
  });

  it('follows a sorted set: ZADD makes a zset (keeping the TTL the feed does not name), ZREM leaves it one', () => {
    const index = 'sl:user_sessions:2';
    const added = applyKeyEvent(
      undefined,
      { op: 'zadd', key: index, at: 0, command: `ZADD ${index} 1733450000000 abc`, cause: 1 },
      0,
    );
    expect(added).toMatchObject({
      type: 'zset',
      pttl: null,
      appearedAt: 0,
      lastCommand: `ZADD ${index} 1733450000000 abc`,
    });
    const timed = applyKeyEvent(
      added,
      { op: 'pexpire', key: index, pttl: 60_000, at: 0, command: `PEXPIRE ${index} 60000 NX`, cause: 1 },
      5,
    );
    const removed = applyKeyEvent(timed, { op: 'zrem', key: index, at: 0, command: `ZREM ${index} abc`, cause: 1 }, 10);
    expect(removed).toMatchObject({ type: 'zset', pttl: 60_000, observedAt: 5, goneAt: null });
    // A set written over a string key's row becomes a zset row (the feed's op names the type).
    const string = applyKeyEvent(undefined, set('sl:k', 100), 0);
    expect(applyKeyEvent(string, { op: 'zadd', key: 'sl:k', at: 0, command: 'ZADD sl:k 1 m', cause: 1 }, 1).type).toBe(
      'zset',
    );
  });

  it('a key set again after it was deleted is new again', () => {
    const gone = applyKeyEvent(applyKeyEvent(undefined, set('sl:k', 100), 0), del('sl:k'), 5);
    const back = applyKeyEvent(gone, set('sl:k', 200), 9);
    expect(back).toMatchObject({ goneAt: null, appearedAt: 9, pttl: 200 });
  });
});

describe('the inspector model', () => {
  let now = 0;
  let pages: KeyPage[];
  let scans: { match: string; cursor: string }[];
  let model: InspectorModel;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1_000;
    scans = [];
    pages = [];
    model = new InspectorModel({
      scan: async (match, cursor) => {
        scans.push({ match, cursor });
        return pages.shift() ?? { cursor: '0', keys: [] };
      },
      now: () => now,
    });
  });
  afterEach(() => {
    model.dispose();
    vi.useRealTimers();
  });
  const settle = () => vi.advanceTimersByTimeAsync(40);

  it('puts new keys on top, links commands to the exchange that caused them, and ignores malformed events', async () => {
    pages.push({ cursor: '0', keys: [{ key: 'sl:a', type: 'string', pttl: -1, size: 1, preview: 'x' }] });
    await model.rescan();
    now = 2_000;
    model.receive('key', JSON.stringify(set('sl:sess:new', 60_000, 7)));
    model.receive('key', '{"op":"set"');
    model.receive('key', JSON.stringify({ op: 'nope', key: 'sl:x', at: 0, command: '', cause: 1 }));
    model.receive(
      'http',
      JSON.stringify({
        id: 7,
        method: 'POST',
        path: '/api/v1/session/login',
        status: 200,
        duration: 3,
        startedAt: 0,
        requestHeaders: {},
        responseHeaders: {},
        requestBody: null,
        responseBody: null,
      }),
    );
    await settle();
    const snapshot = model.getSnapshot();
    expect(snapshot.keys.map((entry) => entry.key)).toEqual(['sl:sess:new', 'sl:a']);
    expect(snapshot.commands).toHaveLength(1);
    expect(snapshot.caused.get(7)?.map((command) => command.command)).toEqual(['SET sl:sess:new v PX 60000']);
    expect(snapshot.exchanges[0]?.id).toBe(7);
  });

  it('keeps a deleted row while it fades, then drops it', async () => {
    model.receive('key', JSON.stringify(set('sl:sess:a', 60_000)));
    await settle();
    now += 100;
    model.receive('key', JSON.stringify(del('sl:sess:a')));
    await settle();
    expect(model.getSnapshot().keys[0]).toMatchObject({ key: 'sl:sess:a', goneBy: 'del' });
    now += GONE_ROW_MS;
    await vi.advanceTimersByTimeAsync(GONE_ROW_MS);
    expect(model.getSnapshot().keys).toEqual([]);
  });

  it('shows only keys matching the filter, scanning with it, while the command log keeps every change', async () => {
    await model.setMatch('sl:sess:*');
    expect(scans.at(-1)).toEqual({ match: 'sl:sess:*', cursor: '0' });
    model.receive('key', JSON.stringify(set('sl:refresh:r', 1_000)));
    model.receive('key', JSON.stringify(set('sl:sess:s', 1_000)));
    await settle();
    expect(model.getSnapshot().keys.map((entry) => entry.key)).toEqual(['sl:sess:s']);
    expect(model.getSnapshot().commands).toHaveLength(2);
  });

  it('pages through the keyspace with the SCAN cursor, and scans again after missed events', async () => {
    pages.push(
      { cursor: '17', keys: [{ key: 'sl:1', type: 'string', pttl: -1, size: 1, preview: '' }] },
      { cursor: '0', keys: [{ key: 'sl:2', type: 'string', pttl: -1, size: 1, preview: '' }] },
    );
    await model.rescan();
    await settle();
    expect(model.getSnapshot().cursor).toBe('17');
    await model.scanMore();
    await settle();
    expect(scans.map((scan) => scan.cursor)).toEqual(['0', '17']);
    expect(model.getSnapshot()).toMatchObject({ cursor: '0', keys: [{ key: 'sl:1' }, { key: 'sl:2' }] });
    model.receive('dropped', JSON.stringify({ dropped: 12, reason: 'the client did not keep up' }));
    await settle();
    expect(scans.at(-1)).toEqual({ match: 'sl:*', cursor: '0' });
    expect(model.getSnapshot().notice).toContain('12 events were missed');
  });

  it('reads changed rows again in batches, and a row whose key vanished fades and leaves', async () => {
    model.receive('key', JSON.stringify({ op: 'srem', key: 'sl:user_sessions:1', at: 0, command: 'SREM …', cause: 1 }));
    expect(model.takeDirty(20)).toEqual(['sl:user_sessions:1']);
    expect(model.takeDirty(20)).toEqual([]);
    model.refreshed('sl:user_sessions:1', null);
    await settle();
    expect(model.getSnapshot().keys[0]).toMatchObject({ goneBy: 'del' });
    now += GONE_ROW_MS;
    await vi.advanceTimersByTimeAsync(GONE_ROW_MS);
    expect(model.getSnapshot().keys).toEqual([]);
  });

  it('a key deleted while a key page was on its way is not brought back by that older page', async () => {
    let answer: (page: KeyPage) => void = () => {};
    const slow = new InspectorModel({ scan: () => new Promise((resolve) => (answer = resolve)), now: () => now });
    const scanning = slow.rescan();
    slow.receive('key', JSON.stringify(del('sl:sess:old')));
    answer({ cursor: '0', keys: [{ key: 'sl:sess:old', type: 'string', pttl: 5_000, size: 1, preview: '' }] });
    await scanning;
    await settle();
    expect(slow.getSnapshot().keys).toMatchObject([{ key: 'sl:sess:old', goneBy: 'del' }]);
    slow.dispose();
  });

  it('never changes a snapshot it already handed out', async () => {
    model.receive('key', JSON.stringify(set('sl:a', 1_000, 5)));
    await settle();
    const before = model.getSnapshot();
    const caused = before.caused.get(5)!;
    model.receive('key', JSON.stringify(set('sl:b', 1_000, 5)));
    await settle();
    expect(caused).toHaveLength(1);
    expect(model.getSnapshot().caused.get(5)).toHaveLength(2);
    expect(model.getSnapshot()).not.toBe(before);
  });

  it("keeps the latest load run's events (a new run starts the list again), and ignores a malformed one", async () => {
    const figures = { requests: 10, errors: 0, requestsPerSecond: 10, p50Ms: 1, p99Ms: 2, cpuMicrosPerRequest: 300 };
    const load = (run: number, elapsedMs: number, done = false) => ({
      run,
      at: 0,
      startedAt: 0,
      users: 5,
      seconds: 3,
      target: 'both',
      account: 'bob',
      conditions: { store: 'sqlite', algorithm: 'HS256', denylist: 'on' },
      elapsedMs,
      done,
      endedBy: done ? 'time' : null,
      error: null,
      window: { target: 'session', figures },
      totals: { session: figures },
      clientErrors: 0,
      cleanup: done ? { loggedOut: true, problem: null } : null,
    });
    model.receive('load', JSON.stringify(load(1, 1_000)));
    model.receive('load', JSON.stringify(load(1, 2_000, true)));
    model.receive('load', JSON.stringify({ run: 1 }));
    await settle();
    expect(model.getSnapshot().load.map((event) => [event.run, event.elapsedMs, event.done])).toEqual([
      [1, 1_000, false],
      [1, 2_000, true],
    ]);
    model.receive('load', JSON.stringify(load(2, 1_000)));
    await settle();
    expect(model.getSnapshot().load.map((event) => event.run)).toEqual([2]);
  });
});
