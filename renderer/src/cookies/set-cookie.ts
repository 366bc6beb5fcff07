/** One `Set-Cookie` header line, read as a browser reads it (RFC 6265, section 5.2). */
export interface SetCookie {
  name: string;
  value: string;
  /** The Path attribute, or null when absent or not absolute (the browser then uses the request's default path). */
  path: string | null;
  /** The Domain attribute without its leading dot, lower-cased; null: a host-only cookie. */
  domain: string | null;
  /** Expires as epoch ms, or null when absent or not a date. */
  expires: number | null;
  /** Max-Age in seconds, or null when absent or not a number; it wins over Expires. */
  maxAge: number | null;
  httpOnly: boolean;
  secure: boolean;
  /** Strict, Lax or None; null when absent or unknown (Chromium then treats the cookie as Lax). */
  sameSite: 'Strict' | 'Lax' | 'None' | null;
}

const SAME_SITE = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;

/** Reads one Set-Cookie line; null when a browser would ignore it (no `=` in the first part, or an empty name). */
export function parseSetCookie(line: string): SetCookie | null {
  const [pair = '', ...attributes] = line.split(';');
  const equals = pair.indexOf('=');
  if (equals < 0) return null;
  const name = pair.slice(0, equals).trim();
  if (name === '') return null;
  const cookie: SetCookie = {
    name,
    value: pair.slice(equals + 1).trim(),
    path: null,
    domain: null,
    expires: null,
    maxAge: null,
    httpOnly: false,
    secure: false,
    sameSite: null,
  };
  // Each attribute as it comes: a later one of the same name wins.
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at < 0 ? '' : attribute.slice(at + 1).trim();
    if (key === 'expires') {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) cookie.expires = time;
    } else if (key === 'max-age') {
      if (/^-?\d+$/.test(value)) cookie.maxAge = Number(value);
    } else if (key === 'domain') {
      if (value !== '') cookie.domain = value.replace(/^\./, '').toLowerCase();
    } else if (key === 'path') {
      cookie.path = value.startsWith('/') ? value : null;
    } else if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'samesite') cookie.sameSite = SAME_SITE[value.toLowerCase() as keyof typeof SAME_SITE] ?? null;
  }
  return cookie;
}

/** The path a cookie without a usable Path attribute gets: the request path up to its last `/` (RFC 6265, 5.1.4). */
export function defaultPath(requestPath: string): string {
  const path = requestPath.split('?')[0]!;
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/**
 * When a cookie set at `setAt` (epoch ms) ends: Max-Age over Expires (Max-Age 0 or less: at once), null for a session
 * cookie (it lasts until the browser closes).
 */
export function expiryOf(cookie: Pick<SetCookie, 'expires' | 'maxAge'>, setAt: number): number | null {
  if (cookie.maxAge !== null) return cookie.maxAge <= 0 ? Number.NEGATIVE_INFINITY : setAt + cookie.maxAge * 1_000;
  return cookie.expires;
}
