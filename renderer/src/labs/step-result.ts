import type { HttpEvent } from '../../../shared/inspector-events.ts';
import type { CommandEntry, InspectorSnapshot, ReadEntry } from '../inspector/inspector-model.ts';
import { isPlumbing } from '../inspector/plumbing.ts';
import { errorCode, errorField } from './evidence.ts';

/** What one exchange a step made did, as a step shows it under its button: words first, then the raw lines. */
export interface StepExchange {
  exchange: HttpEvent;
  /** "Refused (401): the token is on the denylist." */
  words: string;
  /** "It read 1 key in the store and changed 2." */
  store: string;
  /** `GET /api/v1/token/data → 401 TOKEN_REVOKED` */
  raw: string;
  reads: ReadEntry[];
  writes: CommandEntry[];
}

/** The exchanges a step can show at most (the HTTP log has the rest). */
export const STEP_EXCHANGES_SHOWN = 4;

const STATUS_WORDS: Record<number, string> = {
  200: 'Accepted (200)',
  201: 'Created (201)',
  204: 'Done, nothing to answer (204)',
  302: 'Sent elsewhere (302)',
  303: 'Sent elsewhere (303)',
  400: 'Refused as malformed (400)',
  401: 'Refused: no valid credential (401)',
  403: 'Forbidden (403)',
  404: 'Not found (404)',
  409: 'Refused: conflicts with the current state (409)',
  429: 'Refused: too many attempts (429)',
  503: 'Not answered: the store is unavailable (503)',
};

/** What the server answered, in words: the status, then its error message when it gave one. */
export function answerInWords(exchange: HttpEvent): string {
  const status =
    STATUS_WORDS[exchange.status] ??
    (exchange.status < 300
      ? `Accepted (${exchange.status})`
      : exchange.status < 400
        ? `Sent elsewhere (${exchange.status})`
        : exchange.status < 500
          ? `Refused (${exchange.status})`
          : `Failed on the server (${exchange.status})`);
  const message = exchange.status >= 400 ? errorField(exchange, 'message') : null;
  return message ? `${status}: ${message.replace(/\.?$/, '.')}` : `${status}.`;
}

function count(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/** What an exchange did to the store, in words: how many keys it read, how many it changed. */
export function storeInWords(reads: number, writes: number): string {
  if (reads === 0 && writes === 0) return 'It did not touch the store.';
  if (writes === 0) return `It read ${count(reads, 'key', 'keys')} in the store and changed nothing.`;
  if (reads === 0) return `It changed the store: ${count(writes, 'command', 'commands')}, no read.`;
  return `It read ${count(reads, 'key', 'keys')} in the store and changed it with ${count(writes, 'command', 'commands')}.`;
}

/**
 * The exchanges a step made, oldest first: those the server started in `[from, to)` (server-clock ms; the server runs on
 * this machine), without the window's own plumbing (its polls and re-reads), with the store commands each caused.
 */
export function stepExchanges(snapshot: InspectorSnapshot, from: number, to: number): StepExchange[] {
  return snapshot.exchanges
    .filter((exchange) => exchange.startedAt >= from && exchange.startedAt < to && !isPlumbing(exchange))
    .reverse()
    .map((exchange) => {
      const reads = snapshot.readBy.get(exchange.id) ?? [];
      const writes = snapshot.caused.get(exchange.id) ?? [];
      const code = errorCode(exchange);
      return {
        exchange,
        words: answerInWords(exchange),
        store: storeInWords(reads.length + (exchange.readsDropped ?? 0), writes.length),
        raw: `#${exchange.id} ${exchange.method} ${exchange.path.split('?')[0]} → ${exchange.status}${code ? ` ${code}` : ''}`,
        reads,
        writes,
      };
    });
}
