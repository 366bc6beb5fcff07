import { API_PATHS } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { decodeSegmentJson, splitToken, type JsonObject } from '../debugger/jwt-parts.ts';
import { exchanges, requestHeader } from './evidence.ts';
import type { Evidence } from './lab-types.ts';

/** A compact JWT decoded without verifying anything: what a check compares tokens by. */
export interface DecodedToken {
  compact: string;
  header: JsonObject;
  payload: JsonObject;
  signature: string;
}

/** A token an exchange carried, or was answered with. */
export interface TokenSeen {
  exchange: HttpEvent;
  token: DecodedToken;
}

/** Decodes a compact JWT; null when it is not one. */
export function decodeToken(compact: string): DecodedToken | null {
  const segments = splitToken(compact);
  if (!segments.ok) return null;
  const header = decodeSegmentJson(segments.value.header);
  const payload = decodeSegmentJson(segments.value.payload);
  return header.ok && payload.ok
    ? { compact, header: header.value, payload: payload.value, signature: segments.value.signature }
    : null;
}

/** The token of an exchange's `Authorization: Bearer` header, decoded; null without one. */
export function bearerOf(exchange: HttpEvent): DecodedToken | null {
  const match = /^Bearer (\S+)$/.exec(requestHeader(exchange, 'authorization') ?? '');
  return match ? decodeToken(match[1]!) : null;
}

/** The access tokens the server answered token logins and refreshes with, read from their recorded bodies. */
export function issuedTokens(evidence: Evidence): TokenSeen[] {
  const answers = exchanges(evidence, {
    method: 'POST',
    status: 200,
    where: (exchange) => exchange.path === API_PATHS.tokenLogin || exchange.path === API_PATHS.tokenRefresh,
  });
  return answers.flatMap((exchange) => {
    try {
      const { access_token: compact } = JSON.parse(exchange.responseBody ?? '') as { access_token?: unknown };
      const token = typeof compact === 'string' ? decodeToken(compact) : null;
      return token ? [{ exchange, token }] : [];
    } catch {
      return [];
    }
  });
}

/** The `GET /token/data` calls made with a Bearer token and answered `status` (and `code`), with their tokens. */
export function bearerCalls(evidence: Evidence, status: number, code?: string): TokenSeen[] {
  return exchanges(evidence, { method: 'GET', path: API_PATHS.tokenData, status, ...(code ? { code } : {}) }).flatMap(
    (exchange) => {
      const token = bearerOf(exchange);
      return token ? [{ exchange, token }] : [];
    },
  );
}

/** The login or refresh that issued exactly this token, if the evidence holds it. */
export function issuerOf(evidence: Evidence, compact: string): HttpEvent | undefined {
  return issuedTokens(evidence).find((issued) => issued.token.compact === compact)?.exchange;
}
