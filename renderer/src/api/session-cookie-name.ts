import type { HealthResponse } from '../../../shared/api/health.ts';
import { DEFAULT_SESSION_COOKIE_NAME } from '../../../shared/api/session.ts';

// The session cookie's name is the server's choice (`--cookie-name`): the window learns it from every /health answer
// (the first before the page renders, see main.tsx), and the labs' checks and the panels read it here.
let current = DEFAULT_SESSION_COOKIE_NAME;
// How long a Remember me session lasts (`--remember-me-ttl`), learnt from the same answers; 7 days until then.
let rememberFor = 7 * 86_400_000;

/** The name of the session cookie the server sets (`sl_session` unless configured otherwise). */
export function sessionCookieName(): string {
  return current;
}

/** How long a session logged in with Remember me lasts, in ms (the login form says it). */
export function rememberMeLifetime(): number {
  return rememberFor;
}

/** Takes the cookie name (and the Remember me lifetime) from a /health answer and hands the answer on. */
export function learnSessionCookieName(health: HealthResponse): HealthResponse {
  current = health.cookieName;
  rememberFor = health.rememberMeTtlMs;
  return health;
}

/** The session cookie and its signature (`<name>=…`, `<name>.sig=…`) in a Cookie header or `document.cookie`, in order. */
export function sessionCookieParts(cookies: string | null): string[] {
  const name = sessionCookieName();
  return (cookies ?? '').split(/;\s*/).filter((part) => part.startsWith(`${name}=`) || part.startsWith(`${name}.sig=`));
}

/** The session cookie's value (the session id) in a Cookie header or `document.cookie`, or null. */
export function sessionCookieValue(cookies: string | null): string | null {
  const prefix = `${sessionCookieName()}=`;
  return (
    sessionCookieParts(cookies)
      .find((part) => part.startsWith(prefix))
      ?.slice(prefix.length) ?? null
  );
}
