import { API_PATHS } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import type { CommandEntry } from '../inspector/inspector-model.ts';
import { causedBy, exchanges, firstExchange, requestHeader } from './evidence.ts';
import type { Evidence } from './lab-types.ts';
import { KEY_PREFIXES } from '../../../shared/key-names.ts';

/** The prefix of a session record's key. */
export const SESSION_KEY = KEY_PREFIXES.session;

/** A cookie logout that deleted its session's key. */
export interface CookieLogout {
  logout: HttpEvent;
  del: CommandEntry;
  sid: string;
}

/** Every cookie logout seen that caused a `DEL sl:sess:{sid}`, oldest first. */
export function cookieLogouts(evidence: Evidence): CookieLogout[] {
  return exchanges(evidence, { method: 'POST', path: API_PATHS.sessionLogout }).flatMap((logout) => {
    const del =
      logout.status < 300
        ? causedBy(evidence, logout).find((command) => command.op === 'del' && command.key.startsWith(SESSION_KEY))
        : undefined;
    return del ? [{ logout, del, sid: del.key.slice(SESSION_KEY.length) }] : [];
  });
}

/** Every cookie login seen that wrote a session key (`SET sl:sess:{sid}`), oldest first. */
export function sessionLogins(evidence: Evidence): { login: HttpEvent; sid: string }[] {
  return exchanges(evidence, { method: 'POST', path: API_PATHS.sessionLogin, status: 200 }).flatMap((login) => {
    const write = causedBy(evidence, login).find(
      (command) => command.op === 'set' && command.key.startsWith(SESSION_KEY),
    );
    return write ? [{ login, sid: write.key.slice(SESSION_KEY.length) }] : [];
  });
}

/** Whether an exchange's Cookie header carried a cookie whose value is this session id. */
export function carriesSessionId(exchange: HttpEvent, sid: string): boolean {
  return (requestHeader(exchange, 'cookie') ?? '').split(/;\s*/).some((pair) => pair.endsWith(`=${sid}`));
}

/** A session request after `after` that carried the cookie of session `sid` and was refused as no session (401 NOT_AUTHENTICATED). */
export function refusedCookie(evidence: Evidence, sid: string, after: HttpEvent): HttpEvent | undefined {
  return firstExchange(evidence, {
    path: `${API_PATHS.session}/*`,
    status: 401,
    code: 'NOT_AUTHENTICATED',
    after,
    where: (exchange) => carriesSessionId(exchange, sid),
  });
}

/** A short form of a long id for a proof line. */
export function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}
