import { describe, expect, it } from 'vitest';
import { scoredMemberLines } from '../../renderer/src/inspector/scored-members.ts';
import { whenText } from '../../renderer/src/panels/claim-words.ts';

const NOW = Date.UTC(2026, 11, 6, 2, 30, 0);

describe("a sorted set's members in the key detail", () => {
  it('reads each `member (score)` line, lowest first as sent, and a login time as local and relative time', () => {
    const older = NOW - 3 * 60_000;
    const lines = scoredMemberLines([`abc (${older})`, `def (${NOW})`], NOW);
    expect(lines).toEqual([
      { member: 'abc', score: String(older), when: whenText(older / 1_000, NOW) },
      { member: 'def', score: String(NOW), when: whenText(NOW / 1_000, NOW) },
    ]);
    expect(lines[0]!.when).toMatch(/\(3 min ago\)$/);
    expect(lines[1]!.when).toMatch(/\(now\)$/);
  });

  it('reads no time into a score that is no epoch ms', () => {
    expect(scoredMemberLines(['b (1.5)', 'c (0.1)', 'd (1e+21)', 'e (-3)', 'f (999999999999)'], NOW)).toEqual([
      { member: 'b', score: '1.5', when: null },
      { member: 'c', score: '0.1', when: null },
      { member: 'd', score: '1e+21', when: null },
      { member: 'e', score: '-3', when: null },
      { member: 'f', score: '999999999999', when: null },
    ]);
  });

  it('keeps a member with spaces or brackets whole (the score is the last bracket), and a line without one as it is', () => {
    expect(scoredMemberLines(['a (b) c (42)', 'no score', 'x (not a number)'], NOW)).toEqual([
      { member: 'a (b) c', score: '42', when: null },
      { member: 'no score', score: '', when: null },
      { member: 'x (not a number)', score: '', when: null },
    ]);
  });
});
