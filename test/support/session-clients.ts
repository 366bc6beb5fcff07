import { API_PATHS } from '../../shared/api/paths.ts';
import { CSRF_HEADER } from '../../shared/api/session.ts';

/** A cookie login as a browser holds it: the Cookie header to send back, and the CSRF token for writes. */
export interface CookieLogin {
  cookie: string;
  csrf: string;
}

/** A token login: the access token (sent as Bearer) and the refresh token. */
export interface TokenLogin {
  access: string;
  refresh: string;
}

function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(url).origin, ...headers },
    body: JSON.stringify(body),
  });
}

/** Signs in with a cookie session over HTTP (a started server at `url`); throws unless it answers 200. */
export async function cookieLogin(url: string, username: string, password: string): Promise<CookieLogin> {
  const res = await post(url, API_PATHS.sessionLogin, { username, password });
  if (res.status !== 200) throw new Error(`cookie login answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(';', 1)[0]!)
    .join('; ');
  const { session } = (await res.json()) as { session: { csrfToken: string } };
  return { cookie, csrf: session.csrfToken };
}

/** Signs in for tokens over HTTP; throws unless it answers 200. */
export async function tokenLogin(url: string, username: string, password: string): Promise<TokenLogin> {
  const res = await post(url, API_PATHS.tokenLogin, { username, password });
  if (res.status !== 200) throw new Error(`token login answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

/** `GET /session/me` with the login's cookie: its status and, on 200, the username. */
export async function sessionMe(url: string, login: CookieLogin): Promise<{ status: number; username?: string }> {
  const res = await fetch(new URL(API_PATHS.sessionMe, url), { headers: { cookie: login.cookie } });
  if (res.status !== 200) return { status: res.status };
  return { status: 200, username: ((await res.json()) as { user: { username: string } }).user.username };
}

/** `GET /token/data` with the access token as Bearer: its status. */
export async function tokenData(url: string, access: string): Promise<number> {
  const res = await fetch(new URL(API_PATHS.tokenData, url), { headers: { authorization: `Bearer ${access}` } });
  return res.status;
}

/** `POST /token/refresh`: its status. */
export async function tokenRefresh(url: string, refresh: string): Promise<number> {
  return (await post(url, API_PATHS.tokenRefresh, { refresh_token: refresh })).status;
}

/** `POST /token/logout` with the access token: its status. */
export async function tokenLogout(url: string, access: string): Promise<number> {
  return (await post(url, API_PATHS.tokenLogout, {}, { authorization: `Bearer ${access}` })).status;
}

/** `POST /session/logout` with the login's cookie and CSRF token: its status. */
export async function cookieLogout(url: string, login: CookieLogin): Promise<number> {
  const res = await post(url, API_PATHS.sessionLogout, {}, { cookie: login.cookie, [CSRF_HEADER]: login.csrf });
  return res.status;
}
