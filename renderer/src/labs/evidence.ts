import type { HttpEvent } from '../../../shared/inspector-events.ts';
import type { CommandEntry, InspectorSnapshot } from '../inspector/inspector-model.ts';
import type { Evidence } from './lab-types.ts';

/**
 * The evidence in an inspector snapshot from `since` (a server-clock ms; the server runs on this machine) on. An
 * exchange counts once every store change it caused has arrived too (its `effects`), so a check that looks for what
 * an exchange did not do never judges it half-seen.
 */
export function evidenceSince(snapshot: InspectorSnapshot, since: number): Evidence {
  const complete = (exchange: HttpEvent) =>
    exchange.effects === undefined || (snapshot.caused.get(exchange.id)?.length ?? 0) >= exchange.effects;
  return {
    exchanges: snapshot.exchanges.filter((exchange) => exchange.startedAt >= since && complete(exchange)).reverse(),
    commands: snapshot.commands.filter((command) => command.at >= since).reverse(),
    caused: snapshot.caused,
    store: snapshot.store && snapshot.store.at >= since ? snapshot.store : null,
    storeEvents: snapshot.storeHistory.filter((event) => event.at >= since),
    load: snapshot.load.filter((event) => event.at >= since),
    metrics: snapshot.metrics,
  };
}

/** What an exchange is looked for by: method, path (exact, or a prefix ending in `*`), status and error code. */
export interface ExchangeQuery {
  method?: string;
  path?: string;
  status?: number;
  code?: string;
  /** Only exchanges after this one (by id). */
  after?: HttpEvent | number;
  where?: (exchange: HttpEvent) => boolean;
}

/** A field (`code`, `message`) of the `error` of an exchange's JSON answer, if it has one. */
export function errorField(exchange: HttpEvent, field: 'code' | 'message'): string | null {
  if (!exchange.responseBody) return null;
  try {
    const body = JSON.parse(exchange.responseBody) as { error?: Record<string, unknown> };
    const value = body.error?.[field];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The `error.code` of an exchange's JSON answer, if it has one. */
export function errorCode(exchange: HttpEvent): string | null {
  return errorField(exchange, 'code');
}

/** A request header's value (first of several), lower-cased name. */
export function requestHeader(exchange: HttpEvent, name: string): string | null {
  const value = exchange.requestHeaders[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

function pathMatches(path: string, pattern: string): boolean {
  const bare = path.split('?')[0]!;
  return pattern.endsWith('*') ? bare.startsWith(pattern.slice(0, -1)) : bare === pattern;
}

/** Every exchange matching the query, oldest first. */
export function exchanges(evidence: Evidence, query: ExchangeQuery): HttpEvent[] {
  const after = typeof query.after === 'number' ? query.after : (query.after?.id ?? -1);
  return evidence.exchanges.filter(
    (exchange) =>
      exchange.id > after &&
      (query.method === undefined || exchange.method === query.method) &&
      (query.path === undefined || pathMatches(exchange.path, query.path)) &&
      (query.status === undefined || exchange.status === query.status) &&
      (query.code === undefined || errorCode(exchange) === query.code) &&
      (query.where === undefined || query.where(exchange)),
  );
}

/** The first exchange matching the query, or undefined. */
export function firstExchange(evidence: Evidence, query: ExchangeQuery): HttpEvent | undefined {
  return exchanges(evidence, query)[0];
}

/** The store commands an exchange caused. */
export function causedBy(evidence: Evidence, exchange: HttpEvent): CommandEntry[] {
  return evidence.caused.get(exchange.id) ?? [];
}

/** "exchange #12: POST /api/v1/session/login → 200" */
export function describeExchange(exchange: HttpEvent): string {
  const code = errorCode(exchange);
  return `exchange #${exchange.id}: ${exchange.method} ${exchange.path.split('?')[0]} → ${exchange.status}${code ? ` ${code}` : ''}`;
}

/** `SET sl:sess:…` as the command log shows it, shortened. */
export function describeCommand(command: CommandEntry): string {
  return command.command.length > 90 ? `${command.command.slice(0, 89)}…` : command.command;
}
