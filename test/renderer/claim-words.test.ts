import { describe, expect, it } from 'vitest';
import { CLAIM_WORDS, whenText } from '../../renderer/src/panels/claim-words.ts';

describe('the token fields in words', () => {
  it('says what every field this server puts in a token means', () => {
    for (const name of ['alg', 'kid', 'typ', 'iss', 'aud', 'sub', 'jti', 'iat', 'nbf', 'exp', 'role', 'acct', 'fam'])
      expect(CLAIM_WORDS[name], name).toMatch(/\w{3,}/);
  });

  it('shows an epoch claim as clock time, ago or ahead', () => {
    const now = Date.UTC(2026, 11, 5, 17, 0, 0);
    expect(whenText(now / 1_000 - 30, now)).toMatch(/ \(30 s ago\)$/);
    expect(whenText(now / 1_000 + 900, now)).toMatch(/ \(in 15 min\)$/);
    expect(whenText(now / 1_000, now)).toMatch(/ \(now\)$/);
    expect(whenText(now / 1_000, now)).toContain(new Date(now).toLocaleTimeString());
    // Hours, days, and the date once it is not within the day around now.
    expect(whenText(now / 1_000 + 5 * 3_600, now)).toMatch(/ \(in 5 h\)$/);
    const week = now + 7 * 86_400_000;
    expect(whenText(week / 1_000, now)).toBe(`${new Date(week).toLocaleString()} (in 7 d)`);
  });
});
