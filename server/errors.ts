import type { ErrorCode } from '../shared/api/error.ts';

/**
 * The base of every error the server answers with on purpose. Each subclass fixes one stable `code`
 * and one HTTP `status`; the error middleware renders `{"error":{"code","message"}}` from them.
 */
export abstract class AppError extends Error {
  /** The stable, machine-readable code. */
  abstract readonly code: ErrorCode;
  /** The HTTP status it is answered with. */
  abstract readonly status: number;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed in a way no narrower error names. */
export class BadRequestError extends AppError {
  readonly code = 'BAD_REQUEST';
  readonly status = 400;
}

/** 400: the body claims to be JSON and is not. */
export class InvalidJsonError extends AppError {
  readonly code = 'INVALID_JSON';
  readonly status = 400;
}

/** 400: JSON that parses but does not fit the route's schema. */
export class ValidationError extends AppError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
}

/** 403: the Host header names something other than the loopback address being served (DNS rebinding). */
export class ForbiddenHostError extends AppError {
  readonly code = 'FORBIDDEN_HOST';
  readonly status = 403;
}

/** 403: a state-changing request from a page of another origin. */
export class ForbiddenOriginError extends AppError {
  readonly code = 'FORBIDDEN_ORIGIN';
  readonly status = 403;
}

/** 404: no route or file at this path. */
export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
}

/** 405: the path exists, the method does not. */
export class MethodNotAllowedError extends AppError {
  readonly code = 'METHOD_NOT_ALLOWED';
  readonly status = 405;
}

/** 413: the body is over the configured limit. */
export class PayloadTooLargeError extends AppError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly status = 413;
}

/** 415: a body that is not `application/json` (or is compressed) sent to a JSON route. */
export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly status = 415;
}

/** 503: the session store does not answer (Redis down or unreachable). Nothing was changed. */
export class StoreUnavailableError extends AppError {
  readonly code = 'STORE_UNAVAILABLE';
  readonly status = 503;
}

/** 500: a store command hit a key holding the wrong kind of value (Redis `WRONGTYPE`). A bug, not bad input. */
export class WrongTypeError extends AppError {
  readonly code = 'INTERNAL';
  readonly status = 500;
}

/** 500: INCR of a value that is not an integer (Redis `ERR value is not an integer`). A bug, not bad input. */
export class NotAnIntegerError extends AppError {
  readonly code = 'INTERNAL';
  readonly status = 500;
}

/**
 * A reason the server cannot start (bad config, unwritable data dir, port in use). The CLI prints its
 * message as one line on stderr and exits non-zero.
 */
export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartupError';
  }
}
