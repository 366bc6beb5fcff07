import { describe, expect, it } from 'vitest';
import { cookieJar, documentCookies, pathMatches, scriptView } from '../../renderer/src/cookies/cookie-jar.ts';
import { expiryWords, scriptViewWords } from '../../renderer/src/cookies/cookie-words.ts';
import { defaultPath, expiryOf, parseSetCookie } from '../../renderer/src/cookies/set-cookie.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';

// What koa-session sends at a login (the id, then its keygrip signature), and at a logout.
const LOGIN = [
  'sl_session=Jb3xYw2v9Q; path=/; expires=Sun, 06 Dec 2026 19:00:00 GMT; samesite=lax; httponly',
  'sl_session.sig=p0Yk1mG3V7s; path=/; expires=Sun, 06 Dec 2026 19:00:00 GMT; samesite=lax; httponly',
];
const LOGOUT = [
  'sl_session=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; samesite=lax; httponly',
  'sl_session.sig=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; samesite=lax; httponly',
];
const T0 = Date.parse('2026-12-05T19:00:00Z');

function exchange(id: number, setCookie: string | string[] | undefined, path = '/api/v1/session/login'): HttpEvent {
  return {
    id,
    method: 'POST',
    path,
    status: 200,
    duration: 2,
    startedAt: T0 + id * 1_000,
    requestHeaders: {},
    responseHeaders: setCookie === undefined ? {} : { 'set-cookie': setCookie },
    requestBody: null,
    responseBody: null,
  };
}

describe('parseSetCookie (RFC 6265, 5.2)', () => {
  it('reads the name, the value and every attribute, case-insensitively', () => {
    expect(
      parseSetCookie(' id = a=b ; Path=/x; Domain=.Example.COM; Max-Age=60; Secure; HttpOnly; SameSite=STRICT'),
    ).toEqual({
      name: 'id',
      value: 'a=b',
      path: '/x',
      domain: 'example.com',
      expires: null,
      maxAge: 60,
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
    });
  });

  it('ignores a line without a name, and attributes it cannot read', () => {
    expect(parseSetCookie('novalue')).toBeNull();
    expect(parseSetCookie('=v')).toBeNull();
    const cookie = parseSetCookie('a=1; Max-Age=1e3; Expires=someday; Path=relative; SameSite=Sometimes; Domain=')!;
    expect(cookie).toMatchObject({ maxAge: null, expires: null, path: null, sameSite: null, domain: null });
  });

  it('lets a later attribute of the same name win', () => {
    expect(parseSetCookie('a=1; Path=/one; Path=/two; Max-Age=5; Max-Age=-1')).toMatchObject({
      path: '/two',
      maxAge: -1,
    });
  });

  it('gives Max-Age the last word over Expires; 0 or less deletes at once; neither is a session cookie', () => {
    expect(expiryOf({ maxAge: 10, expires: T0 + 999_999 }, T0)).toBe(T0 + 10_000);
    expect(expiryOf({ maxAge: 0, expires: null }, T0)).toBe(Number.NEGATIVE_INFINITY);
    expect(expiryOf({ maxAge: null, expires: T0 - 1 }, T0)).toBe(T0 - 1);
    expect(expiryOf({ maxAge: null, expires: null }, T0)).toBeNull();
  });

  it('takes the default path from the request (5.1.4)', () => {
    expect(defaultPath('/api/v1/session/login?x=/y')).toBe('/api/v1/session');
    expect(defaultPath('/login')).toBe('/');
    expect(defaultPath('')).toBe('/');
  });
});

describe('cookieJar', () => {
  it("holds koa-session's cookie and its .sig companion, with the exchange that set them", () => {
    const rows = cookieJar([exchange(1, LOGIN)], T0 + 5_000);
    expect(rows.map((row) => row.name).sort()).toEqual(['sl_session', 'sl_session.sig']);
    const session = rows.find((row) => row.name === 'sl_session')!;
    expect(session).toMatchObject({
      value: 'Jb3xYw2v9Q',
      storedPath: '/',
      httpOnly: true,
      sameSite: 'Lax',
      gone: null,
    });
    expect(session.size).toBe('sl_session'.length + 'Jb3xYw2v9Q'.length);
    expect(session.setBy).toEqual({ id: 1, method: 'POST', path: '/api/v1/session/login', status: 200 });
    expect(session.setAt).toBe(T0 + 1_002);
    expect(rows.find((row) => row.name === 'sl_session.sig')!.signs).toBe('sl_session');
    expect(session.signs).toBeNull();
  });

  it('marks a cookie deleted by a past Expires or Max-Age=0, and keeps the row (struck through)', () => {
    const rows = cookieJar([exchange(2, LOGOUT, '/api/v1/session/logout'), exchange(1, LOGIN)], T0 + 5_000);
    expect(rows.map((row) => [row.name, row.gone, row.setBy.id])).toEqual(
      expect.arrayContaining([
        ['sl_session', 'deleted', 2],
        ['sl_session.sig', 'deleted', 2],
      ]),
    );
    expect(cookieJar([exchange(1, 'a=1; Max-Age=0')], T0)[0]!.gone).toBe('deleted');
    // Set again after the logout: alive again.
    expect(cookieJar([exchange(1, LOGIN), exchange(2, LOGOUT), exchange(3, LOGIN)], T0)[0]!.gone).toBeNull();
  });

  it('marks one whose time has passed as expired; a session cookie never expires by time', () => {
    const rows = cookieJar([exchange(1, ['short=1; Max-Age=2', 'sess=1'])], T0 + 10_000);
    expect(rows.find((row) => row.name === 'short')!.gone).toBe('expired');
    expect(rows.find((row) => row.name === 'sess')).toMatchObject({ gone: null, endsAt: null });
  });

  it('keeps one row per name and path, newest first; a single header string counts as one line', () => {
    const rows = cookieJar([exchange(1, 'a=1; Path=/x'), exchange(2, 'a=2; Path=/y'), exchange(3, 'a=3; Path=/x')], T0);
    expect(rows.map((row) => `${row.storedPath}=${row.value}`)).toEqual(['/x=3', '/y=2']);
  });
});

describe('what a script sees', () => {
  const [session] = cookieJar([exchange(1, LOGIN[0])], T0);
  const [plain] = cookieJar([exchange(1, 'theme=dark; Path=/')], T0);
  const [scoped] = cookieJar([exchange(1, 'tok=1; Path=/api/v1/token')], T0);

  it('reads document.cookie and matches paths as RFC 6265 does', () => {
    expect(documentCookies('a=1; b=x=y;  ')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: 'x=y' },
    ]);
    expect(pathMatches('/', '/')).toBe(true);
    expect(pathMatches('/api/v1', '/api')).toBe(true);
    expect(pathMatches('/apix', '/api')).toBe(false);
    expect(pathMatches('/', '/api/v1/token')).toBe(false);
  });

  it('says HttpOnly as an absence, and why any other cookie is not seen', () => {
    const visible = documentCookies('theme=dark');
    expect(scriptViewWords(scriptView(session!, visible, '/'), session!)).toBe('no: HttpOnly, not visible to scripts');
    expect(scriptViewWords(scriptView(plain!, visible, '/'), plain!)).toBe('yes: in document.cookie');
    expect(scriptViewWords(scriptView(plain!, [], '/'), plain!)).toBe('no: not in document.cookie');
    expect(scriptViewWords(scriptView(scoped!, visible, '/'), scoped!)).toBe(
      'no: Path=/api/v1/token does not cover this page',
    );
  });

  it('says the expiry as the header said it, then what it means now', () => {
    expect(expiryWords(plain!, T0)).toEqual({ now: 'session', said: 'until the browser closes' });
    const [short] = cookieJar([exchange(1, 'a=1; Max-Age=90')], T0);
    expect(expiryWords(short!, T0 + 1_002)).toEqual({ now: 'in 90 s', said: 'Max-Age=90' });
    const [gone] = cookieJar([exchange(1, LOGOUT[0])], T0);
    expect(expiryWords(gone!, T0)).toEqual({ now: 'deleted', said: 'Expires=Thu, 01 Jan 1970 00:00:00 GMT' });
  });
});
