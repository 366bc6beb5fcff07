import type { KeyChange } from './store-events.ts';

/** A store change as the inspector streams it, with what caused it. */
export interface KeyEvent extends KeyChange {
  /** The id of the HTTP exchange that made the write, `expiry` for the store's own removals, or `inspector`. */
  cause: number | 'expiry' | 'inspector';
}

/** One HTTP exchange as the inspector streams it (passwords and TOTP codes redacted, bodies cut at 2 KiB). */
export interface HttpEvent {
  id: number;
  method: string;
  path: string;
  status: number;
  /** Milliseconds from the request's arrival to the response's end. */
  duration: number;
  startedAt: number;
  requestHeaders: Record<string, string | string[]>;
  responseHeaders: Record<string, string | string[]>;
  requestBody: string | null;
  responseBody: string | null;
}
