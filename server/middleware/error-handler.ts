import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { AppError, BadRequestError, MethodNotAllowedError, NotFoundError } from '../errors.ts';
import type { ErrorBody } from '../../shared/api/error.ts';

interface HttpLikeError {
  status?: number;
  expose?: boolean;
  message: string;
}

/** Maps Koa's own HTTP errors (from `ctx.throw` or a dependency) onto the closest {@link AppError}. */
function fromHttpError(error: HttpLikeError): AppError | null {
  if (error.status === 404) return new NotFoundError(error.message);
  if (error.status === 405) return new MethodNotAllowedError(error.message);
  if (error.expose && error.status && error.status >= 400 && error.status < 500)
    return new BadRequestError(error.message);
  return null;
}

/**
 * The one place errors become responses: an {@link AppError} gives its status and
 * `{"error":{"code","message"}}`; a request nothing answered is a 404 `NOT_FOUND`; anything else is logged once, with its stack, and answered as a
 * bare 500 `INTERNAL` that reveals nothing.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) throw new NotFoundError(`Nothing at ${ctx.method} ${ctx.path}`);
      // The router answered 405 and set Allow; give it the JSON body every error has.
      if (ctx.status === 405 && ctx.body == null)
        throw new MethodNotAllowedError(`${ctx.path} takes ${ctx.response.get('Allow') || 'other methods'}`);
      // The router answers 501 to a method no route has (TRACE, or a made-up one): bad input, so a 4xx like the rest.
      if (ctx.status === 501 && ctx.body == null) {
        // A 405 names what is allowed: the methods Session Lab's routes answer at all.
        ctx.set('Allow', 'GET, HEAD, POST, PUT, DELETE, OPTIONS');
        throw new MethodNotAllowedError(`Session Lab answers no ${ctx.method.slice(0, 20)} requests`);
      }
    } catch (caught) {
      const error = caught instanceof AppError ? caught : fromHttpError(caught as HttpLikeError);
      let body: ErrorBody;
      if (error && error.status < 500) {
        body = { error: { code: error.code, message: error.message } };
        ctx.status = error.status;
        ctx.set(error.headers);
      } else if (error?.code === 'STORE_UNAVAILABLE') {
        logger.warn({ path: ctx.path }, error.message);
        body = { error: { code: error.code, message: error.message } };
        ctx.status = error.status;
      } else {
        logger.error({ err: caught, method: ctx.method, path: ctx.path }, 'unexpected error');
        body = {
          error: {
            code: 'INTERNAL',
            message: 'Something went wrong inside Session Lab; the server log has the details.',
          },
        };
        ctx.status = 500;
      }
      ctx.remove('Content-Disposition');
      ctx.body = body;
    }
  };
}
