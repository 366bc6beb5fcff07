import type { HealthResponse } from '../../../shared/api/health.ts';
import { DEFAULT_SESSION_COOKIE_NAME } from '../../../shared/api/session.ts';

// The session cookie's name is the server's choice (`--cookie-name`): the window learns it from every /health answer
// (the first before the page renders, see main.tsx), and the labs' checks and the panels read it here.
let current = DEFAULT_SESSION_COOKIE_NAME;

/** The name of the session cookie the server sets (`sl_session` unless configured otherwise). */
export function sessionCookieName(): string {
  return current;
}

/** Takes the cookie name from a /health answer and hands the answer on. */
export function learnSessionCookieName(health: HealthResponse): HealthResponse {
  current = health.cookieName;
  return health;
}

/** The session cookie and its signature (`<name>=` and `<name>.sig=`) among a Cookie header's or `document.cookie`'s parts. */
export function isSessionCookiePart(part: string): boolean {
  const name = sessionCookieName();
  return part.startsWith(`${name}=`) || part.startsWith(`${name}.sig=`);
}
