import { whenText } from '../panels/claim-words.ts';

/** One member of a sorted set as the key detail shows it: the member, its score, and the time the score stands for. */
export interface ScoredMemberLine {
  member: string;
  score: string;
  /** The score as local and relative time, when it reads as epoch ms ("5:20:31 PM (2 min ago)"); else null. */
  when: string | null;
}

// The server's `member (score)`: the score is the last parenthesised number, so a member may hold spaces or brackets.
const SCORED = /^(.*) \((-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\)$/;

/** Epoch ms from 2001 to 2286: a score that reads as a time (Session Lab scores its session index by login time). */
const isEpochMs = (score: number) => Number.isInteger(score) && score >= 1e12 && score < 1e13;

/**
 * A sorted set's `member (score)` lines, lowest score first as the server sent them, each with its score read as a
 * time where it is one (Session Lab's session index scores by login time).
 */
export function scoredMemberLines(lines: readonly string[], now: number): ScoredMemberLine[] {
  return lines.map((line) => {
    const match = SCORED.exec(line);
    if (!match) return { member: line, score: '', when: null };
    const score = Number(match[2]);
    return {
      member: match[1]!,
      score: match[2]!,
      when: isEpochMs(score) ? whenText(score / 1_000, now) : null,
    };
  });
}
