import { z } from 'zod';

/**
 * Every stable error code the server can answer with. Clients branch on these, never on messages.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'INVALID_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'HEADERS_TOO_LARGE',
  'FORBIDDEN_HOST',
  'FORBIDDEN_ORIGIN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'VALIDATION_FAILED',
  'STORE_UNAVAILABLE',
  'INTERNAL',
  'NOT_AUTHENTICATED',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'FORBIDDEN',
  'CSRF_FAILED',
  'USERNAME_TAKEN',
  'WEAK_PASSWORD',
  'SESSION_EXPIRED',
  'SESSION_COOKIE_INVALID',
  'SESSION_FINGERPRINT_MISMATCH',
  'SESSION_UNREADABLE',
  'SESSION_KEY_UNKNOWN',
  'SESSION_KEYS_UNREADABLE',
  'MFA_PENDING',
  'MFA_REQUIRED',
  'MFA_NOT_SET_UP',
  'INVALID_MFA_CODE',
  'TOKEN_TOO_LARGE',
  'TOKEN_MALFORMED',
  'TOKEN_EXPIRED',
  'TOKEN_NOT_YET_VALID',
  'TOKEN_SIGNATURE_INVALID',
  'TOKEN_CLAIM_INVALID',
  'TOKEN_ALG_NOT_ALLOWED',
  'TOKEN_KID_UNKNOWN',
  'TOKEN_HEADER_FORBIDDEN',
  'TOKEN_CRIT_UNSUPPORTED',
  'TOKEN_REVOKED',
  'TOKEN_ACCOUNT_MISMATCH',
  'REFRESH_INVALID',
  'REFRESH_REUSED',
  'REFRESH_EXPIRED',
  'LAB_KEY_REQUIRED',
  'LAB_NEEDS_REDIS',
  'LAB_OUTAGE_RUNNING',
  'LAB_LOAD_RUNNING',
  'LAB_LOAD_LOGIN_FAILED',
  'LAB_INSTANCE_NOT_RUNNING',
  'LAB_JKU_FORBIDDEN',
  'LAB_JKU_FETCH_FAILED',
  'LAB_JWK_INVALID',
  'LAB_KID_NOT_FOUND',
  'LAB_JWKS_PRIVATE_KEY',
] as const;

/** A stable, machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The body of every error response: `{"error":{"code","message"}}`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
  }),
});

/** The parsed body of an error response. */
export type ErrorBody = z.infer<typeof errorBodySchema>;
