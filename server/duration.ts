const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Reads a duration as milliseconds: a number (already ms), or a string such as `250ms`, `30s`,
 * `15m`, `8h`, `7d` or a bare `900000`. Returns the input unchanged when it is neither, so that the
 * schema reports it.
 */
export function parseDuration(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(input);
  if (!match) return input;
  const unit = (match[2] ?? 'ms') as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}

/** Writes milliseconds the way a person would type them back: `15m`, `7d`, `1500ms`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
