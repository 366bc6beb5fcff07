import { describe, expect, it } from 'vitest';
import { meaningRows } from '../../renderer/src/inspector/key-meaning.ts';
import { lifetimeWords, rememberWords } from '../../renderer/src/panels/remember-words.ts';
import type { Accounts } from '../../server/accounts/accounts.ts';
import { decodeAppKey } from '../../server/inspector/decode-key.ts';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 5, 17, 0, 0);
const alice = { id: 2, username: 'alice', role: 'user' };
const accounts = { findAccount: () => alice, findById: () => alice } as unknown as Accounts;

/** The "What it means" rows of a session key, by field. */
function sessionRows(record: Record<string, unknown>) {
  const raw = JSON.stringify({ uid: 2, acct: 'k', state: 'active', seen: now, mfa: false, ...record });
  const decoded = decodeAppKey('sl:sess:abc', raw, accounts, { idleTtlMs: 30 * 60_000 })!;
  return Object.fromEntries(meaningRows(decoded, now).map((row) => [row.field, row]));
}

describe('Remember me in words', () => {
  it('says a lifetime in the unit a learner reads', () => {
    expect(lifetimeWords(7 * DAY)).toBe('7 days');
    expect(lifetimeWords(DAY)).toBe('1 day');
    expect(lifetimeWords(8 * 3_600_000)).toBe('8 hours');
    expect(lifetimeWords(30 * 60_000)).toBe('30 minutes');
    expect(lifetimeWords(36 * 3_600_000)).toBe('36 hours');
    expect(lifetimeWords(90_500)).toBe('1.5 minutes');
    expect(lifetimeWords(5_000)).toBe('5 seconds');
  });

  it('names the kind plainly first and the cookie attribute second', () => {
    expect(rememberWords(true, 7 * DAY)).toEqual({
      plain: 'remembered for 7 days: the cookie survives closing the browser',
      detail: 'a persistent cookie: Expires is the session’s end; no idle timeout',
    });
    expect(rememberWords(false, 8 * 3_600_000).plain).toBe('ends when the browser closes');
  });

  it("shows the kind in the key detail's meaning table, with a remembered session's idle expiry at its end", () => {
    const remembered = sessionRows({ created: now - 60_000, until: now - 60_000 + 7 * DAY, remember: true });
    expect(remembered.remember!.label).toBe('Remember me');
    expect(remembered.remember!.value).toBe(
      'yes, remembered for 7 days: the cookie survives closing the browser (a persistent cookie: Expires is the session’s end; no idle timeout)',
    );
    expect(remembered.idleExpiresAt!.value).toBe(
      `none: remembered, the key lives to the absolute expiry, ${remembered.absoluteExpiresAt!.value}`,
    );
    const browser = sessionRows({ created: now - 60_000, until: now + 8 * 3_600_000, remember: false });
    expect(browser.remember!.value).toMatch(/^no: ends when the browser closes \(a browser-session cookie/);
    expect(browser.idleExpiresAt!.value).toMatch(/\(in 30 min\)$/);
    // A record written before Remember me existed reads as the browser kind.
    expect(sessionRows({ created: now, until: now + DAY }).remember!.value).toMatch(/^no: /);
  });
});
