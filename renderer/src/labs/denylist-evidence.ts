import { API_PATHS } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { decodeSegmentJson, splitToken } from '../debugger/jwt-parts.ts';
import type { CommandEntry } from '../inspector/inspector-model.ts';
import { causedBy, exchanges, firstExchange, requestHeader } from './evidence.ts';
import type { Evidence } from './lab-types.ts';
import { KEY_PREFIXES } from '../../../shared/key-names.ts';

const DENYLIST_KEY = KEY_PREFIXES.denylist;

/**
 * The denylist switch in force when exchange `id` began: what the last `PUT /lab/token-settings` before
 * it answered (its response body is in the exchange log). Null when none was seen since the lab started:
 * then the lab does not know.
 */
export function denylistBefore(evidence: Evidence, id: number): { value: 'on' | 'off'; put: HttpEvent } | null {
  const puts = exchanges(evidence, {
    method: 'PUT',
    path: API_PATHS.tokenSettings,
    status: 200,
    where: (exchange) => exchange.id < id,
  });
  const put = puts.sort((a, b) => a.id - b.id).at(-1);
  if (!put?.responseBody) return null;
  try {
    const value = (JSON.parse(put.responseBody) as { denylist?: unknown }).denylist;
    return value === 'on' || value === 'off' ? { value, put } : null;
  } catch {
    return null;
  }
}

/** The `jti` claim of the token in a `Bearer …` header (decoded, not verified: the server verified it). */
export function jtiOf(authorization: string): string | null {
  const segments = splitToken(authorization);
  const payload = segments.ok ? decodeSegmentJson(segments.value.payload) : null;
  return payload?.ok && typeof payload.value.jti === 'string' ? payload.value.jti : null;
}

/** A token logout made with a Bearer header, and the denylist entry it wrote (if it wrote one). */
export interface TokenLogout {
  logout: HttpEvent;
  authorization: string;
  jti: string;
  denylisted: CommandEntry | undefined;
}

/** Every successful token logout seen that sent its token as Bearer, oldest first. */
export function tokenLogouts(evidence: Evidence): TokenLogout[] {
  return exchanges(evidence, { method: 'POST', path: API_PATHS.tokenLogout, status: 204 }).flatMap((logout) => {
    const authorization = requestHeader(logout, 'authorization');
    const jti = authorization?.startsWith('Bearer ') ? jtiOf(authorization) : null;
    if (!authorization || !jti) return [];
    const denylisted = causedBy(evidence, logout).find(
      (command) => command.op === 'set' && command.key === `${DENYLIST_KEY}${jti}`,
    );
    return [{ logout, authorization, jti, denylisted }];
  });
}

/** A later `GET /token/data` that sent the logged-out token again (the same Authorization header), with this answer. */
export function tokenReplay(
  evidence: Evidence,
  logout: TokenLogout,
  answer: { status: number; code?: string },
): HttpEvent | undefined {
  return firstExchange(evidence, {
    method: 'GET',
    path: API_PATHS.tokenData,
    ...answer,
    after: logout.logout,
    where: (exchange) => requestHeader(exchange, 'authorization') === logout.authorization,
  });
}
