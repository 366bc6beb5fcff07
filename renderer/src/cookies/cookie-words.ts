import { formatTtl } from '../inspector/key-entry.ts';
import type { CookieRow, ScriptView } from './cookie-jar.ts';

/** The Expires / Max-Age column: what it means now ("in 29 min 59 s", "deleted"), then what the header said. */
export function expiryWords(row: CookieRow, now: number): { now: string; said: string | null } {
  const said =
    row.maxAge !== null
      ? `Max-Age=${row.maxAge}`
      : row.expires !== null
        ? `Expires=${new Date(row.expires).toUTCString()}`
        : null;
  if (said === null) return { now: 'session', said: 'until the browser closes' };
  if (row.gone) return { now: row.gone, said };
  return { now: `in ${formatTtl(Math.max(0, (row.endsAt ?? now) - now))}`, said };
}

/** The "seen by scripts" column. */
export function scriptViewWords(view: ScriptView, row: CookieRow): string {
  if (view.seen) return 'yes: in document.cookie';
  switch (view.why) {
    case 'httponly':
      return 'no: HttpOnly, not visible to scripts';
    case 'gone':
      return 'no: the browser no longer holds it';
    case 'path':
      return `no: Path=${row.storedPath} does not cover this page`;
    case 'other-value':
      return 'no: document.cookie holds another value under this name';
    case 'absent':
      return 'no: not in document.cookie';
  }
}

/** A value shortened for its cell (the whole value is in its tip and its accessible name). */
export function shortValue(value: string, max = 18): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
