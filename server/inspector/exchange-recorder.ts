import type { Context, Middleware, Next } from 'koa';
import { writeCause, type ExchangeCause } from './exchange-context.ts';
import { StoreTime } from './store-time.ts';
import { otherPageOf } from './exchange-from.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';
import { LAB_KEY_HEADER, LAB_KEY_PARAM } from '../../shared/lab-key.ts';

/** Bodies are cut here in events (and in the HAR export). */
export const BODY_LIMIT = 2_048;
const REDACTED = '[redacted]';
/** Secrets in request bodies (`code` only on the MFA routes: elsewhere it names an error). */
const REQUEST_SECRETS = ['password', 'totp'];
const MFA_REQUEST_SECRETS = [...REQUEST_SECRETS, 'code'];
/** Secrets in response bodies: a TOTP secret is worth far more than one code. */
const RESPONSE_SECRETS = ['secret', 'otpauthuri', 'qrdataurl'];
/** Headers and query parameters that carry the inspector's own key, lower-cased as they are compared: never recorded. */
const LAB_KEY_NAMES = new Set([LAB_KEY_HEADER.toLowerCase(), LAB_KEY_PARAM.toLowerCase()]);

/**
 * One pattern per list of secret field names: any of them quoted, in any case. Case folding (`u`) matches at least
 * every spelling `toLowerCase` would turn into a name (e.g. the Kelvin sign for k), so no secret is let through.
 */
const secretNamePatterns = new WeakMap<readonly string[], RegExp>();

function namesOneOf(fields: readonly string[]): RegExp {
  let pattern = secretNamePatterns.get(fields);
  if (!pattern) {
    pattern = new RegExp(
      `"(?:${fields.map((field) => field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})"`,
      'iu',
    );
    secretNamePatterns.set(fields, pattern);
  }
  return pattern;
}

/**
 * A body as text with the named fields (any case) replaced, cut at {@link BODY_LIMIT}; never throws. `serialised` is
 * the body's JSON when the caller already has it.
 */
export function redactedBody(body: unknown, secretFields: readonly string[], serialised?: string): string | null {
  if (body === undefined || body === null || typeof (body as { pipe?: unknown }).pipe === 'function') return null;
  let text: string;
  try {
    if (typeof body === 'string') text = body;
    else if (Buffer.isBuffer(body)) text = `<${body.length} bytes>`;
    else {
      text = serialised ?? JSON.stringify(body);
      // Most bodies name no secret: the replacer (slow, per key) runs only for those that might.
      if (namesOneOf(secretFields).test(text)) {
        const secrets = new Set(secretFields);
        text = JSON.stringify(body, (key, value: unknown) => (secrets.has(key.toLowerCase()) ? REDACTED : value));
      }
    }
  } catch {
    text = '<a body that cannot be shown as JSON>';
  }
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}…` : text;
}

/**
 * Request headers as recorded: a plain copy (Node's own object has no prototype, which serialises slowly, and is
 * Node's), the lab key replaced. Node gives header names in lower case, so they are compared as they are.
 */
function requestHeadersOf(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = LAB_KEY_NAMES.has(name) ? REDACTED : value;
  }
  return out;
}

/**
 * Response headers as recorded: a plain copy, numbers as strings, the lab key replaced. `getHeaders()` gives an object
 * without a prototype, which V8 serialises about twice as slowly as a plain one, and every window serialises this one.
 */
function responseHeadersOf(ctx: Context): Record<string, string | string[]> {
  const headers = ctx.res.getHeaders();
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = LAB_KEY_NAMES.has(name) ? REDACTED : typeof value === 'number' ? String(value) : value;
  }
  return out;
}

/**
 * A JSON answer serialised once: Koa would stringify an object body when it responds, and the recording needs the
 * same text. The text becomes the body Koa sends (byte for byte what it would have sent, with its Content-Length set
 * now). Only plain objects and arrays on a response that sends a body; anything else is left to Koa. Returns the JSON.
 */
function serialiseJsonBody(ctx: Context): string | undefined {
  const body: unknown = ctx.body;
  if (body === null || typeof body !== 'object') return undefined;
  const proto = Object.getPrototypeOf(body) as unknown;
  if (proto !== Object.prototype && proto !== null && !Array.isArray(body)) return undefined;
  if (ctx.method === 'HEAD' || ctx.response.headerSent || !ctx.writable || EMPTY_STATUSES.has(ctx.status))
    return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch {
    return undefined;
  }
  if (typeof json === 'string') ctx.body = json;
  return json;
}

/** Statuses whose answers carry no body (Koa drops it). */
const EMPTY_STATUSES = new Set([204, 205, 304]);

/** A query parameter's name as a server would read it (`+` is a space; a broken escape is kept as written). */
function paramName(pair: string): string {
  const name = pair.split('=')[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

/** The request target as recorded, with a lab key in the query replaced. Parsed by hand: any target a client sends (`//x`, `http://…`) must be recordable. */
function pathOf(ctx: Context): string {
  const target = ctx.originalUrl;
  const at = target.indexOf('?');
  if (at < 0) return target;
  // Every parameter's name is decoded first: `%6CabKey` is read as labKey, so it is redacted as one.
  const pairs = target.slice(at + 1).split('&');
  if (!pairs.some((pair) => LAB_KEY_NAMES.has(paramName(pair)))) return target;
  return `${target.slice(0, at)}?${pairs.map((pair) => (LAB_KEY_NAMES.has(paramName(pair)) ? `${pair.split('=')[0]}=${REDACTED}` : pair)).join('&')}`;
}

/** What the recorder reports. */
export interface RecorderHooks {
  /** Requests not to record (the inspector's own, and those refused at the door). */
  skip: (ctx: Context) => boolean;
  /** The exchange ended: its event, and its cause (what the inspector held for it while it ran). */
  onExchange: (event: HttpEvent, cause: ExchangeCause) => void;
  now: () => number;
  /** Requests counted instead of recorded (a plug-in's, e.g. a load run's): not in the exchange log, one tally each. */
  tally?: ExchangeTally;
  /** The next exchange id (one counter for every app recording into the same inspector). */
  nextId: () => number;
  /** This app's instance tag, on every exchange it records (with the port the connection came in on). */
  instance?: HttpInstance;
}

/**
 * Which instance of the app answered an exchange, and on which store (the tag its exchanges carry), and whether the
 * time its requests spend in that store is left unmeasured (a store of its own whose time the inspector cannot see):
 * its exchanges then carry no `storeTime`, rather than a false 0.
 */
export type HttpInstance = Omit<NonNullable<HttpEvent['instance']>, 'port'> & { storeTimeUnmeasured?: boolean };

/** Counts requests instead of recording them (a load run's thousands would push the learner's exchanges out of the log). */
export interface ExchangeTally {
  /** Whether a request is one to count. */
  matches(ctx: Context): boolean;
  /** One counted request: its final status and server time in ms (measured as a recorded exchange's `duration`). */
  count(ctx: Context, durationMs: number): void;
  /**
   * Answers a counted request itself, instead of the app's middleware (a load run's checks without the app's own
   * machinery), calling `next` for one it leaves to the app. Without it, the app answers every counted request.
   */
  answer?(ctx: Context, next: Next): Promise<void>;
}

/**
 * Records every exchange (outermost, so it sees the final status and headers) and runs the request
 * inside its write cause, so store changes it makes are attributed to it. The inspector's own routes
 * are not recorded: the inspector observes and is not echoed.
 */
export function exchangeRecorder(hooks: RecorderHooks): Middleware {
  return async (ctx, next) => {
    if (hooks.skip(ctx)) return writeCause.run('inspector', next);
    if (hooks.tally?.matches(ctx)) {
      const began = performance.now();
      try {
        const { answer } = hooks.tally;
        await writeCause.run('load', answer ? () => answer(ctx, next) : next);
      } finally {
        hooks.tally.count(ctx, performance.now() - began);
      }
      return;
    }
    const id = hooks.nextId();
    const startedAt = hooks.now();
    const started = performance.now();
    const storeTime = hooks.instance?.storeTimeUnmeasured ? undefined : new StoreTime();
    const cause: ExchangeCause = storeTime ? { exchange: id, storeTime, open: true } : { exchange: id, open: true };
    try {
      await writeCause.run(cause, next);
    } finally {
      const requestSecrets = ctx.path.toLowerCase().includes('/mfa/') ? MFA_REQUEST_SECRETS : REQUEST_SECRETS;
      const responseBody = ctx.body;
      const responseJson = serialiseJsonBody(ctx);
      const event: HttpEvent = {
        id,
        method: ctx.method,
        path: pathOf(ctx),
        status: ctx.status,
        duration: Math.round((performance.now() - started) * 10) / 10,
        startedAt,
        requestHeaders: requestHeadersOf(ctx.request.headers),
        responseHeaders: responseHeadersOf(ctx),
        requestBody: redactedBody(ctx.request.body, requestSecrets),
        responseBody: redactedBody(responseBody, RESPONSE_SECRETS, responseJson),
      };
      // Set only when they apply (a spread of an empty object would cost every request a copy).
      if (storeTime) event.storeTime = storeTime.figures(performance.now());
      // The port the connection really came in on, never the Host header.
      if (hooks.instance)
        event.instance = {
          name: hooks.instance.name,
          store: hooks.instance.store,
          port: ctx.req.socket.localPort ?? 0,
        };
      const from = otherPageOf(ctx);
      if (from) event.from = from;
      hooks.onExchange(event, cause);
    }
  };
}
