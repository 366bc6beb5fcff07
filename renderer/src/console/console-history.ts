/** How many typed lines the console remembers for ↑/↓. */
export const HISTORY_SIZE = 100;

/** The lines typed so far, oldest first, with a line typed twice in a row kept once (as redis-cli's linenoise does). */
export function remember(lines: readonly string[], line: string): string[] {
  if (line.trim() === '' || lines.at(-1) === line) return [...lines];
  return [...lines, line].slice(-HISTORY_SIZE);
}

/** Where ↑/↓ stand: `position` in the history (null: on the line being typed, kept as `draft`). */
export interface Recall {
  position: number | null;
  draft: string;
}

/**
 * One ↑ (`-1`) or ↓ (`+1`) through the history: ↑ from the line being typed keeps it as the draft and shows the newest
 * line, further ↑ older ones (stopping at the oldest); ↓ goes back towards the newest, then to the draft.
 */
export function step(
  lines: readonly string[],
  recall: Recall,
  typed: string,
  direction: -1 | 1,
): Recall & { text: string } {
  if (lines.length === 0) return { ...recall, text: typed };
  if (recall.position === null) {
    if (direction === 1) return { ...recall, text: typed };
    return { position: lines.length - 1, draft: typed, text: lines.at(-1)! };
  }
  const next = recall.position + direction;
  if (next < 0) return { ...recall, text: lines[0]! };
  if (next >= lines.length) return { position: null, draft: recall.draft, text: recall.draft };
  return { position: next, draft: recall.draft, text: lines[next]! };
}
