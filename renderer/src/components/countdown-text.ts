/**
 * A countdown's words for `leftMs` left: seconds under two minutes, then minutes and seconds; at zero `atZero`
 * ("expired", or "due now" for a key the store has not yet been seen to remove).
 */
export function countdownText(leftMs: number, atZero = 'expired'): string {
  const left = Math.max(0, leftMs);
  if (left === 0) return atZero;
  const seconds = Math.ceil(left / 1_000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
