import { CORS_POLICY_HEADER, type CorsMode } from '../../../shared/api/lab-cors.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { fromAnotherOrigin, holdsSessionCookie, originOf } from './attack-evidence.ts';
import { describeExchange, exchanges, requestHeader } from './evidence.ts';
import type { Evidence } from './lab-types.ts';

/** A response header's value (first of several), lower-cased name. */
function responseHeader(exchange: HttpEvent, name: string): string | null {
  const value = exchange.responseHeaders[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** The CORS policy lab 14's target said it applied to an exchange. */
export const policyOf = (exchange: HttpEvent): CorsMode | null =>
  responseHeader(exchange, CORS_POLICY_HEADER) as CorsMode | null;

/** The origin the answer let read it (`Access-Control-Allow-Origin`), or null. */
export const allowedOriginOf = (exchange: HttpEvent): string | null =>
  responseHeader(exchange, 'access-control-allow-origin');

/** Whether the browser would let the calling page read this answer: its own Origin named, with credentials allowed. */
export function readableByCaller(exchange: HttpEvent): boolean {
  const origin = originOf(exchange);
  return (
    origin !== null &&
    allowedOriginOf(exchange) === origin &&
    responseHeader(exchange, 'access-control-allow-credentials') === 'true'
  );
}

/** The target's GETs from pages of other origins that carried the session cookie, under `mode`, oldest first. */
export function crossOriginReads(evidence: Evidence, mode: CorsMode): HttpEvent[] {
  return exchanges(evidence, {
    method: 'GET',
    path: API_PATHS.labCorsAccount,
    status: 200,
    where: (exchange) =>
      fromAnotherOrigin(exchange) &&
      holdsSessionCookie(requestHeader(exchange, 'cookie')) &&
      policyOf(exchange) === mode,
  });
}

/** The target's preflights (`OPTIONS` from another origin), oldest first. */
export function preflights(evidence: Evidence): HttpEvent[] {
  return exchanges(evidence, { method: 'OPTIONS', path: API_PATHS.labCorsAccount, where: fromAnotherOrigin });
}

/** "exchange #12: GET /api/v1/lab/cors/account → 200, Origin http://127.0.0.1:5, Access-Control-Allow-Origin: none" */
export function describeCorsExchange(exchange: HttpEvent): string {
  const allowed = allowedOriginOf(exchange);
  return `${describeExchange(exchange)}, Origin ${originOf(exchange)}, Access-Control-Allow-Origin: ${allowed ?? 'none'}${allowed ? `, Allow-Credentials: ${responseHeader(exchange, 'access-control-allow-credentials') ?? 'none'}` : ''}`;
}

/** The signed-in user's account number in the target's answer, if the log kept it. */
export function accountIn(exchange: HttpEvent): string | null {
  try {
    const body = JSON.parse(exchange.responseBody ?? '') as {
      user?: { username?: unknown };
      account?: { number?: unknown };
    };
    return typeof body.user?.username === 'string' && typeof body.account?.number === 'string'
      ? `${body.user.username}'s account ${body.account.number}`
      : null;
  } catch {
    return null;
  }
}
