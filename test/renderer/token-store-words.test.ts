import { describe, expect, it } from 'vitest';
import {
  nextExpiry,
  ownTokenKeys,
  tokenStoreLines,
  type OwnKeyState,
} from '../../renderer/src/panels/token-store-words.ts';

const NOW = 1_800_000_000_000;
const keys = ownTokenKeys({ jti: 'j1', fam: 'f1' }, 'r1', null);
const live = (pttl: number, observedAt = NOW): OwnKeyState => ({ state: 'live', pttl, observedAt });
const absent = (by: 'del' | 'expired' | 'evicted' | null = null): OwnKeyState => ({ state: 'absent', by });
const lineOf = (states: [string, OwnKeyState][], id: string, denylistOn: boolean | null = true, now = NOW) =>
  tokenStoreLines(keys, new Map(states), denylistOn, now).find((line) => line.id === id)!;

describe("the token panel's words for what the store says about its token", () => {
  it('names the keys the server writes for the token (and the family from the refresh record without claims)', () => {
    expect(keys).toEqual({
      denylist: 'sl:denylist:j1',
      refresh: 'sl:refresh:r1',
      family: 'sl:refresh_family:f1',
      revoked: 'sl:refresh_revoked:f1',
    });
    expect(ownTokenKeys(null, 'r2', 'f2')).toEqual({
      denylist: null,
      refresh: 'sl:refresh:r2',
      family: 'sl:refresh_family:f2',
      revoked: 'sl:refresh_revoked:f2',
    });
  });

  it('a denylist entry: revoked, with the time its TTL leaves; but not refused when the server does not look', () => {
    const on = lineOf([['sl:denylist:j1', live(90_000, NOW - 30_000)]], 'denylist');
    expect(on).toMatchObject({ status: 'revoked: on the denylist', tone: 'bad', key: 'sl:denylist:j1' });
    expect(on.meaning).toContain('the entry stays 60 s more');
    expect(on.meaning).toContain('401 TOKEN_REVOKED');
    const off = lineOf([['sl:denylist:j1', live(90_000)]], 'denylist', false);
    expect(off.meaning).toContain('still accepts');
    expect(off.tone).toBe('muted');
  });

  it('no entry: nothing stops it before exp; an entry deleted says so; a revoked login revokes it too', () => {
    expect(lineOf([['sl:denylist:j1', absent()]], 'denylist')).toMatchObject({
      status: 'not on the denylist',
      tone: 'ok',
    });
    expect(lineOf([['sl:denylist:j1', absent('del')]], 'denylist').meaning).toContain('its entry was deleted');
    const revoked = lineOf(
      [
        ['sl:denylist:j1', absent()],
        ['sl:refresh_revoked:f1', live(60_000)],
      ],
      'denylist',
    );
    expect(revoked).toMatchObject({ status: 'revoked with its login', key: 'sl:refresh_revoked:f1', tone: 'bad' });
  });

  it('the refresh token and family: the time left from the observed TTL, "expiring…" at 0, "gone" only once absent', () => {
    const states: [string, OwnKeyState][] = [
      ['sl:refresh:r1', live(7_000)],
      ['sl:refresh_family:f1', live(7_000)],
    ];
    expect(lineOf(states, 'refresh').status).toBe('7 s left');
    expect(lineOf(states, 'family', true, NOW + 9_000).status).toBe('expiring…');
    expect(lineOf([['sl:refresh_family:f1', absent('expired')]], 'family')).toMatchObject({
      status: 'gone (expired)',
      tone: 'bad',
    });
    expect(lineOf([['sl:refresh:r1', absent('del')]], 'refresh')).toMatchObject({
      status: 'gone (deleted)',
      tone: 'bad',
    });
    expect(lineOf([], 'refresh').state).toBe('unknown');
  });

  it('reads again when the first observed TTL runs out', () => {
    expect(
      nextExpiry(
        new Map([
          ['a', live(5_000)],
          ['b', live(2_000, NOW + 1_000)],
          ['c', live(-1)],
          ['d', absent()],
        ]),
      ),
    ).toBe(NOW + 3_000);
    expect(nextExpiry(new Map([['d', absent()]]))).toBeNull();
  });
});
