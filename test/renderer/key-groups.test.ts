import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyGroupsModel } from '../../renderer/src/inspector/key-groups-model.ts';
import type { KeyPage } from '../../shared/api/inspector.ts';
import type { KeyGroups } from '../../shared/api/key-groups.ts';
import type { KeyEvent } from '../../shared/inspector-events.ts';
import { groupLabel, groupPattern, keyGroupOf } from '../../shared/key-groups.ts';
import { globMatcher } from '../../shared/glob.ts';

const event = (op: KeyEvent['op'], key: string, pttl?: number): KeyEvent => ({
  op,
  key,
  at: 0,
  command: `${op.toUpperCase()} ${key}`,
  cause: 1,
  ...(pttl === undefined ? {} : { pttl }),
});

describe('a key group', () => {
  it('is the kind after sl: (a cluster hash tag grouped by the logical name), or the key itself', () => {
    expect(keyGroupOf('sl:sess:abc')).toBe('sl:sess:');
    expect(keyGroupOf('sl:user_sessions:2')).toBe('sl:user_sessions:');
    expect(keyGroupOf('sl:throttle:user:alice')).toBe('sl:throttle:');
    expect(keyGroupOf('sl:{sessions}:sess:abc')).toBe('sl:sess:');
    expect(keyGroupOf('sl:{refresh}:refresh_family:f1')).toBe('sl:refresh_family:');
    expect(keyGroupOf('sl:{bulk}:bulk')).toBe('sl:bulk');
    expect(keyGroupOf('sl:flag')).toBe('sl:flag');
    expect(keyGroupOf('sl:')).toBe('sl:');
    expect(keyGroupOf('other:x')).toBe('other:x');
    expect(groupLabel('sl:sess:')).toBe('sess');
    expect(groupLabel('sl:flag')).toBe('flag');
  });

  it("lists its keys with a MATCH pattern that matches them and no other group's", () => {
    const sess = globMatcher(groupPattern('sl:sess:'));
    expect(sess('sl:sess:abc')).toBe(true);
    expect(sess('sl:session:abc')).toBe(false);
    expect(sess('sl:user_sessions:1')).toBe(false);
    expect(groupPattern('sl:a*b')).toBe('sl:a\\*b');
    expect(globMatcher(groupPattern('sl:a*b'))('sl:a*b')).toBe(true);
    expect(globMatcher(groupPattern('sl:a*b'))('sl:axb')).toBe(false);
  });
});

describe('the key tree model', () => {
  let now = 0;
  let answer: KeyGroups;
  const count = vi.fn(async () => structuredClone(answer));
  const page = vi.fn(async (): Promise<KeyPage> => ({ cursor: '0', keys: [] }));
  let model: KeyGroupsModel;
  const group = (prefix: string) => model.getSnapshot().groups.find((g) => g.prefix === prefix);

  beforeEach(() => {
    vi.useFakeTimers();
    now = 10_000;
    answer = {
      groups: [
        { prefix: 'sl:sess:', count: 1, bytes: 200, keys: ['sl:sess:a'] },
        { prefix: 'sl:bulk:', count: 5_000, bytes: 400_000 },
      ],
      scanned: 5_001,
      complete: true,
      measure: 'memory-usage',
      ms: 40,
    };
    count.mockClear();
    page.mockClear();
    model = new KeyGroupsModel({ count, page, now: () => now });
  });
  afterEach(() => {
    model.dispose();
    vi.useRealTimers();
  });

  it('shows the server counts, then follows new and removed keys exactly where it knows the members', async () => {
    await model.setMatch('sl:*');
    expect(group('sl:sess:')).toMatchObject({ count: 1, bytes: 200, uncertain: false });
    model.receive(event('set', 'sl:sess:b', 1_000));
    expect(group('sl:sess:')?.count).toBe(2);
    // An overwrite, a TTL change, a second SET of the same key: no new key.
    model.receive(event('set', 'sl:sess:a', 1_000));
    model.receive(event('pexpire', 'sl:sess:a', 500));
    model.receive(event('set', 'sl:sess:b', 1_000));
    expect(group('sl:sess:')?.count).toBe(2);
    model.receive(event('del', 'sl:sess:a'));
    model.receive(event('expired', 'sl:sess:b'));
    expect(group('sl:sess:')).toMatchObject({ count: 0, uncertain: false });
    // A group the complete count did not see: new, with one key, no bytes yet.
    model.receive(event('zadd', 'sl:user_sessions:1'));
    expect(group('sl:user_sessions:')).toMatchObject({ count: 1, bytes: null, uncertain: false });
    // A second login's ZADD to the same index is no new key; another user's index is (a set too: refresh families).
    model.receive(event('zadd', 'sl:user_sessions:1'));
    expect(group('sl:user_sessions:')).toMatchObject({ count: 1, uncertain: false });
    model.receive(event('zadd', 'sl:user_sessions:2'));
    model.receive(event('sadd', 'sl:user_refresh:2'));
    expect(group('sl:user_sessions:')?.count).toBe(2);
    expect(group('sl:user_refresh:')?.count).toBe(1);
    // Keys outside the filter are not counted.
    await model.setMatch('sl:sess:*');
    model.receive(event('set', 'sl:refresh:r1'));
    expect(group('sl:refresh:')).toBeUndefined();
  });

  it('asks the server again after an SREM or ZREM, which deletes its set when it takes the last member out, and after any write, which changes a size', async () => {
    answer.groups.push({ prefix: 'sl:user_sessions:', count: 1, bytes: 120, keys: ['sl:user_sessions:1'] });
    await model.setMatch('sl:*');
    expect(count).toHaveBeenCalledTimes(1);
    // A logout: its session key deleted (exact), its index's last member removed (the index is gone too).
    model.receive(event('del', 'sl:sess:a'));
    model.receive(event('zrem', 'sl:user_sessions:1'));
    expect(group('sl:sess:')).toMatchObject({ count: 0, uncertain: false });
    expect(group('sl:user_sessions:')).toMatchObject({ count: 1, uncertain: true });
    // An SREM of a key the group does not hold changes nothing it counts.
    model.receive(event('srem', 'sl:user_sessions:9'));
    answer.groups = [
      { prefix: 'sl:sess:', count: 1, bytes: 100, keys: ['sl:sess:c'] },
      { prefix: 'sl:bulk:', count: 5_000, bytes: 400_000 },
    ];
    now += 3_000;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(count).toHaveBeenCalledTimes(2);
    expect(group('sl:user_sessions:')).toBeUndefined();
    expect(group('sl:sess:')).toMatchObject({ count: 1, bytes: 100 });

    // A SET over a key the group holds counts no new key (exact), but its size is measured again at the next count.
    model.receive(event('set', 'sl:sess:c'));
    expect(group('sl:sess:')).toMatchObject({ count: 1, uncertain: false });
    answer.groups[0] = { prefix: 'sl:sess:', count: 1, bytes: 180, keys: ['sl:sess:c'] };
    now += 3_000;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(count).toHaveBeenCalledTimes(3);
    expect(group('sl:sess:')?.bytes).toBe(180);
  });

  it('in a large group, counts a removal, and asks the server again for a write it cannot place', async () => {
    await model.setMatch('sl:*');
    expect(count).toHaveBeenCalledTimes(1);
    model.receive(event('del', 'sl:bulk:1'));
    expect(group('sl:bulk:')).toMatchObject({ count: 4_999, uncertain: false });
    model.receive(event('set', 'sl:bulk:x'));
    expect(group('sl:bulk:')).toMatchObject({ count: 4_999, uncertain: true });
    // Not at once: after the changes settle and the gap since the last count.
    await vi.advanceTimersByTimeAsync(500);
    expect(count).toHaveBeenCalledTimes(1);
    answer.groups[1] = { prefix: 'sl:bulk:', count: 5_000, bytes: 400_100 };
    now += 3_000;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(count).toHaveBeenCalledTimes(2);
    expect(group('sl:bulk:')).toMatchObject({ count: 5_000, uncertain: false, bytes: 400_100 });
  });

  it('an opened group reads its keys with MATCH <prefix>* and follows the stream', async () => {
    await model.setMatch('sl:*');
    page.mockResolvedValueOnce({
      cursor: '0',
      keys: [{ key: 'sl:sess:a', type: 'string', pttl: 1, size: 1, preview: '' }],
    });
    await model.expand('sl:sess:');
    expect(page).toHaveBeenCalledWith('sl:sess:*', '0');
    expect(model.getSnapshot().open.get('sl:sess:')?.keys).toEqual(['sl:sess:a']);
    model.receive(event('set', 'sl:sess:new', 1_000));
    model.receive(event('del', 'sl:sess:a'));
    expect(model.getSnapshot().open.get('sl:sess:')?.keys).toEqual(['sl:sess:new']);
    model.collapse('sl:sess:');
    expect(model.getSnapshot().open.has('sl:sess:')).toBe(false);
  });
});
