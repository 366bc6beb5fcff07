import { defaultPath, expiryOf, parseSetCookie, type SetCookie } from './set-cookie.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';

/** One cookie as the browser holds it, from the last Set-Cookie that named it (its name, domain and path). */
export interface CookieRow extends SetCookie {
  /** Where it is stored: the Path attribute, or the default path of the request that set it. */
  storedPath: string;
  /** When it ends (epoch ms), or null for a session cookie; -Infinity: deleted when set (Max-Age 0 or less). */
  endsAt: number | null;
  /** Name and value length, in characters (what DevTools calls its size). */
  size: number;
  /** When the response that set it ended (epoch ms), and that exchange. */
  setAt: number;
  setBy: Pick<HttpEvent, 'id' | 'method' | 'path' | 'status'>;
  /** Deleted (a Max-Age of 0 or less, or an Expires in the past) or expired since: the browser no longer holds it. */
  gone: 'deleted' | 'expired' | null;
  /** The cookie this one signs, for koa-session's `<name>.sig` companion (an HMAC of `<name>=<value>`). */
  signs: string | null;
}

function setCookieLines(exchange: HttpEvent): string[] {
  const header = exchange.responseHeaders['set-cookie'];
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

/**
 * Every cookie the given exchanges set, in the order the browser saw them (oldest exchange first, whatever order they
 * come in): the last Set-Cookie of a name, domain and path wins, a deletion leaves the row marked `deleted`, and one
 * whose time has passed at `now` is `expired`. Newest first.
 */
export function cookieJar(exchanges: readonly HttpEvent[], now: number): CookieRow[] {
  const rows = new Map<string, CookieRow>();
  for (const exchange of [...exchanges].sort((a, b) => a.id - b.id)) {
    const setAt = exchange.startedAt + exchange.duration;
    for (const line of setCookieLines(exchange)) {
      const cookie = parseSetCookie(line);
      if (!cookie) continue;
      const storedPath = cookie.path ?? defaultPath(exchange.path);
      const endsAt = expiryOf(cookie, setAt);
      const id = `${cookie.name};${cookie.domain ?? ''};${storedPath}`;
      rows.delete(id);
      rows.set(id, {
        ...cookie,
        storedPath,
        endsAt,
        size: cookie.name.length + cookie.value.length,
        setAt,
        setBy: { id: exchange.id, method: exchange.method, path: exchange.path, status: exchange.status },
        gone: endsAt !== null && endsAt <= setAt ? 'deleted' : null,
        signs: null,
      });
    }
  }
  const list = [...rows.values()].reverse();
  for (const row of list) {
    if (row.gone === null && row.endsAt !== null && row.endsAt <= now) row.gone = 'expired';
    if (row.name.endsWith('.sig')) {
      const signed = row.name.slice(0, -'.sig'.length);
      if (list.some((other) => other.name === signed && other.storedPath === row.storedPath)) row.signs = signed;
    }
  }
  return list;
}

/** Whether a cookie stored at `cookiePath` is sent to (and seen by scripts on) `pagePath` (RFC 6265, 5.1.4). */
export function pathMatches(pagePath: string, cookiePath: string): boolean {
  if (pagePath === cookiePath) return true;
  if (!pagePath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || pagePath[cookiePath.length] === '/';
}

/** The name=value pairs of `document.cookie`, in its order. */
export function documentCookies(text: string): { name: string; value: string }[] {
  return text
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? { name: '', value: pair } : { name: pair.slice(0, at), value: pair.slice(at + 1) };
    });
}

/** What a script on this page sees of a row, in words. */
export type ScriptView = { seen: true } | { seen: false; why: 'httponly' | 'gone' | 'path' | 'other-value' | 'absent' };

/** Whether `document.cookie` (as read now, on `pagePath`) shows the row to a script, and if not, why. */
export function scriptView(
  row: CookieRow,
  visible: readonly { name: string; value: string }[],
  pagePath: string,
): ScriptView {
  if (row.gone) return { seen: false, why: 'gone' };
  if (row.httpOnly) return { seen: false, why: 'httponly' };
  if (!pathMatches(pagePath, row.storedPath)) return { seen: false, why: 'path' };
  const same = visible.filter((pair) => pair.name === row.name);
  if (same.some((pair) => pair.value === row.value)) return { seen: true };
  return { seen: false, why: same.length > 0 ? 'other-value' : 'absent' };
}
