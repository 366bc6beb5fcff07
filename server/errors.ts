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
  /** Headers the answer carries besides the body (Retry-After, …). */
  readonly headers: Readonly<Record<string, string>> = {};

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

/** 401: no valid session (or token) came with the request. */
export class NotAuthenticatedError extends AppError {
  readonly code = 'NOT_AUTHENTICATED';
  readonly status = 401;
}

/** 401: wrong username or password; which of the two is never said. */
export class InvalidCredentialsError extends AppError {
  readonly code = 'INVALID_CREDENTIALS';
  readonly status = 401;
}

/** 429: too many attempts (logins per username or address, TOTP codes per user); `retryAfterSeconds` says when to try again. */
export class TooManyAttemptsError extends AppError {
  readonly code = 'TOO_MANY_ATTEMPTS';
  readonly status = 429;
  readonly retryAfterSeconds: number;
  override readonly headers: Readonly<Record<string, string>>;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

/** 403: signed in, but this needs a role or ownership the caller lacks. */
export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
}

/** 403: a cookie-authenticated change without the session's CSRF token, or from another origin. */
export class CsrfError extends AppError {
  readonly code = 'CSRF_FAILED';
  readonly status = 403;
}

/** 409: the username exists already (usernames ignore case). */
export class UsernameTakenError extends AppError {
  readonly code = 'USERNAME_TAKEN';
  readonly status = 409;
}

/** 400: the password is too short or too common. */
export class WeakPasswordError extends AppError {
  readonly code = 'WEAK_PASSWORD';
  readonly status = 400;
}

/** 401: the session passed its absolute lifetime (the idle one simply makes it vanish). */
export class SessionExpiredError extends AppError {
  readonly code = 'SESSION_EXPIRED';
  readonly status = 401;
}

/** 401: the session cookie is malformed or its signature does not match: it was tampered with. */
export class SessionCookieInvalidError extends AppError {
  readonly code = 'SESSION_COOKIE_INVALID';
  readonly status = 401;
}

/** 401: the session's stored record is encrypted and does not decrypt (changed in the store, or copied from another id). */
export class SessionUnreadableError extends AppError {
  readonly code = 'SESSION_UNREADABLE';
  readonly status = 401;
}

/** 401: the session's stored record is encrypted under a key id this server does not hold. */
export class SessionKeyUnknownError extends AppError {
  readonly code = 'SESSION_KEY_UNKNOWN';
  readonly status = 401;
}

/**
 * 503: the session-encryption key file cannot be read (changed by hand, cut short): no encrypted session can be
 * checked until it is fixed, and nobody is signed out meanwhile (as in a store outage).
 */
export class SessionKeysUnreadableError extends AppError {
  readonly code = 'SESSION_KEYS_UNREADABLE';
  readonly status = 503;
}

/** 401: fingerprint binding is on and this request's user agent or address differs: the session is destroyed. */
export class SessionFingerprintMismatchError extends AppError {
  readonly code = 'SESSION_FINGERPRINT_MISMATCH';
  readonly status = 401;
}

/** 403: the password was right, the second factor is still due; only /mfa/verify and logout are open. */
export class MfaPendingError extends AppError {
  readonly code = 'MFA_PENDING';
  readonly status = 403;
}

/** 400: MFA verification asked for an account that has not set MFA up. */
export class MfaNotSetUpError extends AppError {
  readonly code = 'MFA_NOT_SET_UP';
  readonly status = 400;
}

/** 401: the TOTP code is wrong, outside its window, or already used. */
export class InvalidMfaCodeError extends AppError {
  readonly code = 'INVALID_MFA_CODE';
  readonly status = 401;
}

/** 401: the inspector needs this launch's lab key (X-Lab-Key, or `labKey` for EventSource). */
export class LabKeyRequiredError extends AppError {
  readonly code = 'LAB_KEY_REQUIRED';
  readonly status = 401;
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

/** 409: the lab needs a store with a server to take away (Redis); the embedded store has none. */
export class LabNeedsRedisError extends AppError {
  readonly code = 'LAB_NEEDS_REDIS';
  readonly status = 409;
}

/** 409: a load run is under way; one at a time. */
export class LabLoadRunningError extends AppError {
  readonly code = 'LAB_LOAD_RUNNING';
  readonly status = 409;
}

/** 409: a load run could not log in as its account (throttled, say): nothing ran, and nothing of it is left signed in. */
export class LabLoadLoginFailedError extends AppError {
  readonly code = 'LAB_LOAD_LOGIN_FAILED';
  readonly status = 409;
}

/** 409: a request for lab 9's second instance while it is not running. */
export class LabInstanceNotRunningError extends AppError {
  readonly code = 'LAB_INSTANCE_NOT_RUNNING';
  readonly status = 409;
}

/**
 * The store was asked to be taken away while it already is ({@link OutageCapable}: one interruption at a time). Not an
 * answer by itself: the caller that asked for the interruption says what it means to whoever asked it.
 */
export class StoreAlreadyInterruptedError extends Error {
  /** How long the interruption under way lasts still, in ms. */
  readonly remainingMs: number;

  constructor(remainingMs: number) {
    super(`the store is already interrupted, for ${remainingMs} ms more`);
    this.name = 'StoreAlreadyInterruptedError';
    this.remainingMs = remainingMs;
  }
}

/** 409: the outage lab's outage is still under way; one at a time. */
export class LabOutageRunningError extends AppError {
  readonly code = 'LAB_OUTAGE_RUNNING';
  readonly status = 409;
}
