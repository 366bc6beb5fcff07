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

/** The refusals a lab shows most, in words that say which one it was (the code stays in the raw line). */
const CODE_WORDS: Record<string, string> = {
  NOT_AUTHENTICATED: 'Refused: no valid session or token',
  SESSION_EXPIRED: 'Refused: the session ended',
  SESSION_UNREADABLE: 'Refused: the encrypted session record does not decrypt',
  SESSION_KEY_UNKNOWN: 'Refused: the session record is under a key the server no longer holds',
  TOKEN_EXPIRED: 'Refused: the token has expired',
  TOKEN_REVOKED: 'Refused: the token was revoked (it is on the denylist)',
  TOKEN_SIGNATURE_INVALID: 'Refused: the signature does not match',
  TOKEN_ALG_NOT_ALLOWED: 'Refused: the algorithm is not one the server accepts',
  TOKEN_MALFORMED: 'Refused: not a well-formed token',
  TOKEN_KID_UNKNOWN: 'Refused: signed with a key the server does not know',
  CSRF_FAILED: 'Refused: no valid CSRF token',
  FORBIDDEN_ORIGIN: 'Refused: sent from another origin',
  STORE_UNAVAILABLE: 'Not answered: the store is unavailable',
  TOO_MANY_ATTEMPTS: 'Refused: too many attempts',
};

/** What the server answered, in words: the status (or which refusal), then its error message when it gave one. */
export function answerInWords(exchange: HttpEvent): string {
  const code = exchange.status >= 400 ? errorCode(exchange) : null;
  const known = code ? CODE_WORDS[code] : undefined;
  const status = known
    ? `${known} (${exchange.status})`
    : (STATUS_WORDS[exchange.status] ??
      (exchange.status < 300
        ? `Accepted (${exchange.status})`
        : exchange.status < 400
          ? `Sent elsewhere (${exchange.status})`
          : exchange.status < 500
            ? `Refused (${exchange.status})`
            : `Failed on the server (${exchange.status})`));
  const message = exchange.status >= 400 ? errorField(exchange, 'message') : null;
  return message ? `${status}: ${message.replace(/\.?$/, '.')}` : `${status}.`;
}

function count(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/** What an exchange did to the store, in words: how many distinct keys it read, how many commands changed it. */
export function storeInWords(reads: number, writes: number): string {
  if (reads === 0 && writes === 0) return 'It did not touch the store.';
  if (writes === 0) return `It looked up ${count(reads, 'key', 'keys')} in the store and changed nothing.`;
  if (reads === 0) return `It changed the store: ${count(writes, 'command', 'commands')}, no lookup.`;
  return `It looked up ${count(reads, 'key', 'keys')} in the store and changed it with ${count(writes, 'command', 'commands')}.`;
}

/**
 * The exchanges a step made, oldest first: those the server started in `[from, to)` (server-clock ms; the server runs on
 * this machine), without the window's own plumbing (its polls and re-reads), with the store commands each caused.
 */
export function stepExchanges(snapshot: InspectorSnapshot, from: number, to: number): StepExchange[] {
  return snapshot.exchanges
    .filter((exchange) => exchange.startedAt >= from && exchange.startedAt < to && !isPlumbing(exchange))
    .reverse()
    .map((exchange) => stepExchangeOf(snapshot, exchange));
}

/** One exchange as a step shows it, with the store commands it caused. */
export function stepExchangeOf(snapshot: InspectorSnapshot, exchange: HttpEvent): StepExchange {
  const reads = snapshot.readBy.get(exchange.id) ?? [];
  const writes = snapshot.caused.get(exchange.id) ?? [];
  const code = errorCode(exchange);
  return {
    exchange,
    words: answerInWords(exchange),
    store: storeInWords(new Set(reads.map((read) => read.key)).size + (exchange.readsDropped ?? 0), writes.length),
    raw: `#${exchange.id} ${exchange.method} ${exchange.path.split('?')[0]} → ${exchange.status}${code ? ` ${code}` : ''}`,
    reads,
    writes,
  };
}

/** The exchange a check's proof names first ("exchange #12: GET …" opens every proof an exchange makes), or null. */
export function provingExchangeId(proof: string): number | null {
  const found = /^exchange #(\d+)\b/.exec(proof);
  return found ? Number(found[1]) : null;
}

/** Whether an exchange fetched a page (a lab's frame, the vulnerable page) rather than called the API. */
export function isPageLoad(exchange: Pick<HttpEvent, 'path'>): boolean {
  return !['/api/', '/.well-known/'].some((prefix) => exchange.path.startsWith(prefix));
}
