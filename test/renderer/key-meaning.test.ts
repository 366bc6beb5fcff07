import { describe, expect, it } from 'vitest';
import { hasWordsFor, meaningRows } from '../../renderer/src/inspector/key-meaning.ts';
import { whenText } from '../../renderer/src/panels/claim-words.ts';
import type { Accounts } from '../../server/accounts/accounts.ts';
import { decodeAppKey } from '../../server/inspector/decode-key.ts';
import { storedJson } from '../../server/auth/session-record.ts';

const alice = { id: 2, username: 'alice', role: 'user' };
const accounts = {
  findAccount: (uid: number) => (uid === 2 ? alice : null),
  findById: (uid: number) => (uid === 2 ? alice : null),
} as unknown as Accounts;
const now = Date.UTC(2026, 11, 5, 17, 0, 0);
const lifetimes = { idleTtlMs: 30 * 60_000 };

/** What the server's decoder says of one key of each kind the app writes. */
const decodedKeys = {
  session: decodeAppKey(
    'sl:sess:abc',
    JSON.stringify({
      uid: 2,
      acct: 'k',
      state: 'active',
      created: now - 60_000,
      seen: now - 5_000,
      until: now + 86_400_000,
      mfa: false,
    }),
    accounts,
    lifetimes,
  )!,
  denylist: decodeAppKey('sl:denylist:jti-1', String(now / 1_000 + 900), accounts, lifetimes)!,
  refresh: decodeAppKey(
    'sl:refresh:r1',
    JSON.stringify({ uid: 9, family: 'fam-1', parent: null, created: now, until: now + 7 * 86_400_000 }),
    accounts,
    lifetimes,
  )!,
  throttle: decodeAppKey('sl:throttle:ip:127.0.0.1', '3', accounts, lifetimes)!,
};

describe("the key detail's 'What it means'", () => {
  it('has words for every field the server decodes, for every kind of key the app writes', () => {
    for (const [kind, decoded] of Object.entries(decodedKeys)) {
      expect(decoded, kind).not.toBeNull();
      for (const field of Object.keys(decoded)) expect(hasWordsFor(field), `${kind}.${field}`).toBe(true);
      for (const row of meaningRows(decoded, now)) expect(row.meaning, `${kind}.${row.field}`).toMatch(/\w{3,}/);
    }
  });

  it('reads a session in words: who, the state, and each date as clock time, ago or ahead', () => {
    const rows = Object.fromEntries(meaningRows(decodedKeys.session, now).map((row) => [row.field, row]));
    expect(rows.kind!.value).toBe('a cookie session');
    expect(rows.user!.value).toBe('alice (user id 2, role user)');
    expect(rows.state!.value).toBe('signed in');
    expect(rows.created!.value).toMatch(/\(60 s ago\)$/);
    expect(rows.lastActivity!.value).toBe(whenText((now - 5_000) / 1_000, now));
    expect(rows.idleExpiresAt!.value).toMatch(/\(in 30 min\)$/);
    expect(rows.absoluteExpiresAt!.value).toMatch(/\(in 24 h\)$/);
    expect(rows.mfaVerified!.value).toBe('no');
    expect(rows.idleExpiresAt!.label).toBe('Idle expiry');
  });

  it('says why a remembered session has no idle expiry, where the others say when it ends for lack of use', () => {
    const idle = (remember: boolean) =>
      meaningRows({ ...decodedKeys.session, remember }, now).find((row) => row.field === 'idleExpiresAt')!;
    expect(idle(true).value).toMatch(/^none: remembered/);
    expect(idle(true).meaning).toMatch(
      /^this login chose “remember me”, which has no idle limit: it does not end for lack of use/,
    );
    expect(idle(true).meaning).not.toMatch(/unless a request uses it/);
    expect(idle(false).meaning).toMatch(/^it ends here unless a request uses it/);
  });

  it('reads the other keys in words too, and shows a field it has no words for as it came', () => {
    const refresh = Object.fromEntries(meaningRows(decodedKeys.refresh, now).map((row) => [row.field, row.value]));
    expect(refresh.user).toBe('user id 9: deleted');
    expect(refresh.parent).toBe('none: the first of its family');
    expect(refresh.familyExpiresAt).toMatch(/\(in 7 d\)$/);
    const throttle = Object.fromEntries(meaningRows(decodedKeys.throttle, now).map((row) => [row.field, row.value]));
    expect(throttle).toMatchObject({ counts: 'login attempts from one address', of: '127.0.0.1', attempts: '3' });
    expect(meaningRows(decodedKeys.denylist, now).find((row) => row.field === 'tokenExpiresAt')!.value).toMatch(
      /\(in 15 min\)$/,
    );
    expect(meaningRows({ extra: { a: 1 } }, now)).toEqual([
      { field: 'extra', label: 'extra', value: '{"a":1}', meaning: '' },
    ]);
  });

  it('names the short field each row of a compact session record comes from, and says which form it is stored in', () => {
    const record = {
      uid: 2,
      acct: 'k',
      state: 'active' as const,
      created: now - 60_000,
      seen: now - 5_000,
      until: now + 86_400_000,
      mfa: false,
      ua: 'Chrome 142 on Linux',
      ip: '127.0.0.1',
    };
    const compact = decodeAppKey('sl:sess:abc', storedJson(record), accounts, lifetimes)!;
    const rows = Object.fromEntries(meaningRows(compact, now).map((row) => [row.field, row]));
    expect(rows.created!.stored).toBe('c');
    expect(rows.lastActivity!.stored).toBe('c + l');
    expect(rows.absoluteExpiresAt!.stored).toBe('c + e');
    expect(rows.user!.stored).toBe('u, a');
    expect(rows.idleExpiresAt!.stored).toBeUndefined();
    expect(rows.lastActivity!.value).toBe(whenText((now - 5_000) / 1_000, now));
    expect(rows.state!.value).toBe('signed in');
    expect(rows.format!.value).toMatch(/^compact \(v 2\): short names/);
    // The long form of earlier versions: its names are whole words, so no row names a short one.
    const long = meaningRows(decodedKeys.session, now);
    expect(long.find((row) => row.field === 'format')!.value).toMatch(/^long names/);
    expect(long.filter((row) => row.stored !== undefined)).toEqual([]);
  });
});
