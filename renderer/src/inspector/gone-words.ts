import type { KeyEvent } from '../../../shared/inspector-events.ts';

/** Who made a change, in the command log's words: "from the inspector", "typed in the console", "by exchange #12". */
export function causeWords(cause: KeyEvent['cause']): string {
  if (cause === 'expiry') return 'by the TTL';
  if (cause === 'inspector') return 'from the inspector';
  if (cause === 'console') return 'typed in the console';
  if (cause === 'load') return 'by the load run';
  if (cause === 'migration') return 'copied from the previous store';
  return `by exchange #${cause}`;
}

/**
 * How a key left the store, after "its key" or "this key": "was deleted (from the inspector)", "expired (its time to
 * live ran out)", "was evicted (the store ran out of memory)"; null for a change that removes nothing.
 */
export function howKeyLeft(op: KeyEvent['op'], cause: KeyEvent['cause']): string | null {
  if (op === 'expired') return 'expired (its time to live ran out)';
  if (op === 'evicted') return 'was evicted (the store ran out of memory)';
  if (op === 'del') return `was deleted (${causeWords(cause)})`;
  return null;
}
