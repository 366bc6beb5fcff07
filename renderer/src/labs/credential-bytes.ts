import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { requestHeader } from './evidence.ts';
import { sessionCookieParts } from '../api/session-cookie-name.ts';

const encoder = new TextEncoder();

/** A credential header as it went over the wire, and its size in bytes (name, colon and value, as UTF-8). */
export interface CredentialHeader {
  line: string;
  bytes: number;
}

function measured(line: string): CredentialHeader {
  return { line, bytes: encoder.encode(line).length };
}

/**
 * The session cookie's part of an exchange's Cookie header (the cookie and its `.sig`; the same header
 * may carry other cookies), or null when it carried none.
 */
export function sessionCookieHeader(exchange: HttpEvent): CredentialHeader | null {
  const parts = sessionCookieParts(requestHeader(exchange, 'cookie'));
  return parts.length > 0 ? measured(`Cookie: ${parts.join('; ')}`) : null;
}

/** An exchange's Authorization header, or null. */
export function authorizationHeader(exchange: HttpEvent): CredentialHeader | null {
  const value = requestHeader(exchange, 'authorization');
  return value ? measured(`Authorization: ${value}`) : null;
}

/** "1,234 B" */
export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en')} B`;
}
