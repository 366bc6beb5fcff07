import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { requestHeader } from './evidence.ts';
import { sessionCookieValue } from '../api/session-cookie-name.ts';

/** Whether a Cookie header (or what `document.cookie` showed) holds the session cookie. */
export function holdsSessionCookie(cookies: string | null): boolean {
  return sessionCookieValue(cookies) !== null;
}

/** The Origin an exchange's request carried, or null. */
export function originOf(exchange: HttpEvent): string | null {
  return requestHeader(exchange, 'origin');
}

/** Whether an exchange came from a page of another origin than the server it reached (its Host). */
export function fromAnotherOrigin(exchange: HttpEvent): boolean {
  const origin = originOf(exchange);
  return origin !== null && origin !== `http://${requestHeader(exchange, 'host') ?? ''}`;
}

/** Whether an exchange's Origin is another site than its Host (SameSite compares host names, not ports). */
export function fromAnotherSite(exchange: HttpEvent): boolean {
  const origin = originOf(exchange);
  if (origin === null) return false;
  try {
    return new URL(origin).hostname !== (requestHeader(exchange, 'host') ?? '').split(':')[0];
  } catch {
    return false;
  }
}
