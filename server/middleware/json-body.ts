import type { Context, Middleware, Next } from 'koa';
import getRawBody from 'raw-body';
import { InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError, BadRequestError } from '../errors.ts';

declare module 'koa' {
  interface Request {
    /** The parsed JSON body, or undefined when the request had none. */
    body?: unknown;
  }
}

/**
 * Every request body under the API is JSON, at most `limitBytes`, uncompressed. Read once here, at
 * the edge: a wrong type is 415, too large is 413 (the read stops at the limit), unparseable is 400.
 * The exception: requests `acceptsForm` names (routes that declared it, see RouteExemption) may send
 * `application/x-www-form-urlencoded`, read into an object of strings.
 */
export function jsonBody(
  limitBytes: number,
  { acceptsForm = () => false }: { acceptsForm?: (ctx: Context) => boolean } = {},
): Middleware {
  // Most requests have no body: they go on at once, without the reader's promise.
  return (ctx, next) => {
    const declared = ctx.request.length;
    const hasBody = (declared !== undefined && declared > 0) || ctx.get('Transfer-Encoding') !== '';
    return hasBody ? readBody(ctx, next, declared) : next();
  };

  async function readBody(ctx: Context, next: Next, declared: number | undefined): Promise<void> {
    // A refused body would otherwise be read to its end to keep the connection: close it instead.
    const refuse = (error: Error) => {
      ctx.set('Connection', 'close');
      return error;
    };
    if (declared !== undefined && declared > limitBytes) throw refuse(tooLarge(limitBytes));
    const form = acceptsForm(ctx) && Boolean(ctx.is('application/x-www-form-urlencoded'));
    if (!form && !ctx.is('application/json')) {
      throw refuse(
        new UnsupportedMediaTypeError(
          `Send the body as application/json (got "${ctx.get('Content-Type') || 'no Content-Type'}")`,
        ),
      );
    }
    const encoding = ctx.get('Content-Encoding').toLowerCase();
    if (encoding && encoding !== 'identity')
      throw refuse(new UnsupportedMediaTypeError(`Content-Encoding "${encoding}" is not accepted`));
    let text: string;
    try {
      text = await getRawBody(ctx.req, {
        limit: limitBytes,
        length: declared,
        encoding: ctx.request.charset || 'utf-8',
      });
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') throw refuse(tooLarge(limitBytes));
      if (type === 'encoding.unsupported')
        throw new UnsupportedMediaTypeError(`charset "${ctx.request.charset}" is not supported`);
      throw new BadRequestError('The request body could not be read');
    }
    if (form) {
      ctx.request.body = Object.fromEntries(new URLSearchParams(text));
      return next();
    }
    try {
      ctx.request.body = JSON.parse(text);
    } catch (error) {
      throw new InvalidJsonError(`The body is not valid JSON: ${(error as Error).message}`);
    }
    await next();
  }
}

function tooLarge(limitBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The body is larger than the ${limitBytes}-byte limit`);
}
