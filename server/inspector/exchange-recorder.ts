import type { Context, Middleware } from 'koa';
import { writeCause } from './exchange-context.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';

/** Bodies are cut here in events (and in the HAR export). */
export const BODY_LIMIT = 2_048;
const REDACTED_FIELDS = new Set(['password', 'totp', 'code']);

/** A JSON body as text with passwords and TOTP codes replaced, cut at {@link BODY_LIMIT}. */
export function redactedBody(body: unknown): string | null {
  if (body === undefined || body === null || typeof (body as { pipe?: unknown }).pipe === 'function') return null;
  const text =
    typeof body === 'string' ? body : Buffer.isBuffer(body) ? `<${body.length} bytes>` : JSON.stringify(body, (key, value: unknown) => (REDACTED_FIELDS.has(key) ? '[redacted]' : value));
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}…` : text;
}

function headersOf(headers: Record<string, string | string[] | number | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value : String(value);
  return out;
}

/**
 * Records every exchange (outermost, so it sees the final status and headers) and runs the request
 * inside its write cause, so store changes it makes are attributed to it. The inspector's own routes
 * are not recorded: the inspector observes and is not echoed.
 */
export function exchangeRecorder(options: { skip: (ctx: Context) => boolean; onExchange: (event: HttpEvent, id: number) => void; now: () => number }): Middleware {
  let nextId = 1;
  return async (ctx, next) => {
    if (options.skip(ctx)) return writeCause.run('inspector', next);
    const id = nextId++;
    const startedAt = options.now();
    const started = performance.now();
    try {
      await writeCause.run({ exchange: id }, next);
    } finally {
      options.onExchange(
        {
          id,
          method: ctx.method,
          path: ctx.originalUrl,
          status: ctx.status,
          duration: Math.round((performance.now() - started) * 10) / 10,
          startedAt,
          requestHeaders: headersOf(ctx.request.headers),
          responseHeaders: headersOf(ctx.response.headers as Record<string, string | string[] | number | undefined>),
          requestBody: redactedBody(ctx.request.body),
          responseBody: redactedBody(ctx.body),
        },
        id,
      );
    }
  };
}
