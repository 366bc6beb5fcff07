import { AppError } from '../errors.ts';

// The JWT attack labs' own refusals (the naive verifier's, and the evil origin's key set): one class per code, as the
// core's token errors are. The naive verifier otherwise refuses with the core's TOKEN_* classes.

/** 401: the token's `jku` names a URL outside the evil origin (the lab fetches nothing else), or it is not running. */
export class LabJkuForbiddenError extends AppError {
  readonly code = 'LAB_JKU_FORBIDDEN';
  readonly status = 401;
}

/** 401: the `jku` fetch failed: no answer in time, not 200, not a key set, or no usable key in it. */
export class LabJkuFetchFailedError extends AppError {
  readonly code = 'LAB_JKU_FETCH_FAILED';
  readonly status = 401;
}

/** 401: the header's `jwk` is not a public key the naive verifier can import for the header's `alg`. */
export class LabJwkInvalidError extends AppError {
  readonly code = 'LAB_JWK_INVALID';
  readonly status = 401;
}

/** 401: `kid` names no file inside the lab's folder (or a directory). */
export class LabKidNotFoundError extends AppError {
  readonly code = 'LAB_KID_NOT_FOUND';
  readonly status = 401;
}

/** 400: a key of the evil origin's key set carries a private member: it serves public keys only. */
export class LabJwksPrivateKeyError extends AppError {
  readonly code = 'LAB_JWKS_PRIVATE_KEY';
  readonly status = 400;
}
