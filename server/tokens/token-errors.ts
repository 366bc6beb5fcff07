import { AppError } from '../errors.ts';

// One class per way a token is refused, after jose's own (JWTExpired → ERR_JWT_EXPIRED): the code is
// what clients and the JWT debugger branch on.

/** 400: a token over 8 KiB is refused before any parsing. */
export class TokenTooLargeError extends AppError {
  readonly code = 'TOKEN_TOO_LARGE';
  readonly status = 400;
}

/** 401: not a compact JWS (three base64url parts with a JSON header and payload). */
export class TokenMalformedError extends AppError {
  readonly code = 'TOKEN_MALFORMED';
  readonly status = 401;
}

/** 401: `exp` has passed (beyond the clock tolerance). */
export class TokenExpiredError extends AppError {
  readonly code = 'TOKEN_EXPIRED';
  readonly status = 401;
}

/** 401: `nbf` is still ahead (beyond the clock tolerance). */
export class TokenNotYetValidError extends AppError {
  readonly code = 'TOKEN_NOT_YET_VALID';
  readonly status = 401;
}

/** 401: the signature does not match the key named by `kid`. */
export class TokenSignatureInvalidError extends AppError {
  readonly code = 'TOKEN_SIGNATURE_INVALID';
  readonly status = 401;
}

/** 401: a claim is wrong or missing (`iss`, `aud`, `sub`, `jti`, …). */
export class TokenClaimInvalidError extends AppError {
  readonly code = 'TOKEN_CLAIM_INVALID';
  readonly status = 401;
}

/** 401: `alg` is `none`, outside the allowlist, or not the algorithm of the key named by `kid` (algorithm confusion). */
export class TokenAlgorithmNotAllowedError extends AppError {
  readonly code = 'TOKEN_ALG_NOT_ALLOWED';
  readonly status = 401;
}

/** 401: `kid` is missing or names no key of this server (never a path, never looked up elsewhere). */
export class TokenKidUnknownError extends AppError {
  readonly code = 'TOKEN_KID_UNKNOWN';
  readonly status = 401;
}

/** 401: the header brings its own key or a place to fetch one (`jku`, `jwk`, `x5u`, `x5c`): never trusted. */
export class TokenHeaderForbiddenError extends AppError {
  readonly code = 'TOKEN_HEADER_FORBIDDEN';
  readonly status = 401;
}

/** 401: `crit` names extensions this server does not understand. */
export class TokenCritUnsupportedError extends AppError {
  readonly code = 'TOKEN_CRIT_UNSUPPORTED';
  readonly status = 401;
}

/** 401: the token's `jti` is on the denylist (it was logged out). */
export class TokenRevokedError extends AppError {
  readonly code = 'TOKEN_REVOKED';
  readonly status = 401;
}

/** 401: the refresh token is unknown or expired. */
export class RefreshInvalidError extends AppError {
  readonly code = 'REFRESH_INVALID';
  readonly status = 401;
}

/** 401: the refresh token's login is older than the refresh max age: rotation never extends a family past it. */
export class RefreshExpiredError extends AppError {
  readonly code = 'REFRESH_EXPIRED';
  readonly status = 401;
}

/** 401: the token names an account that no longer exists, or not the one it was issued for (its `acct` does not match). */
export class TokenAccountMismatchError extends AppError {
  readonly code = 'TOKEN_ACCOUNT_MISMATCH';
  readonly status = 401;
}

/** 401: the refresh token was already used: its whole family is revoked. */
export class RefreshReusedError extends AppError {
  readonly code = 'REFRESH_REUSED';
  readonly status = 401;
}

/** 401: the account has MFA and the login sent no `totp`. */
export class MfaRequiredError extends AppError {
  readonly code = 'MFA_REQUIRED';
  readonly status = 401;
}
