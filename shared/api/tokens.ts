import { z } from 'zod';

/** The longest access-token lifetime the run-time switch accepts: a day. */
export const MAX_ACCESS_TTL_MS = 86_400_000;

/** `POST /api/v1/token/login` */
export const tokenLoginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  totp: z
    .string()
    .regex(/^\d{6}$/, 'six digits')
    .optional(),
});

/** `POST /api/v1/token/refresh` */
export const tokenRefreshSchema = z.strictObject({ refresh_token: z.string().min(1).max(256) });

/** The answer of a token login or refresh. With cookie delivery the access token is only in the HttpOnly cookie. */
export const tokenResponseSchema = z.object({
  access_token: z.string().optional(),
  token_type: z.literal('Bearer'),
  expires_in: z.number(),
  refresh_token: z.string(),
  delivery: z.enum(['body', 'cookie']),
  /** With cookie delivery: send it in X-CSRF-Token with every change. */
  csrf_token: z.string().optional(),
});

/** `GET/PUT /api/v1/lab/token-settings`: the switches of the token half. */
export const tokenSettingsSchema = z.strictObject({
  algorithm: z.enum(['HS256', 'ES256', 'EdDSA']),
  delivery: z.enum(['body', 'cookie']),
  denylist: z.enum(['on', 'off']),
  accessTtlMs: z.number().int().min(1_000).max(MAX_ACCESS_TTL_MS),
});

/** `POST /api/v1/jwt/inspect` */
export const jwtInspectSchema = z.strictObject({
  token: z.string().min(1).max(16_384),
  /** Verify with this key instead of the server's: an HS256 secret as text, or a public JWK. */
  key: z.union([z.string().min(1).max(4_096), z.record(z.string(), z.unknown())]).optional(),
});

/** The answer of a token login or refresh. */
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
/** The token switches. */
export type TokenSettingsBody = z.infer<typeof tokenSettingsSchema>;

/** The answer of `GET /api/v1/token/data`, the token half's protected call. */
export const tokenDataSchema = z.object({
  via: z.enum(['bearer', 'cookie']),
  subject: z.object({ id: z.number(), username: z.string(), role: z.string() }),
  expiresAt: z.number(),
  data: z.array(z.object({ id: z.number(), title: z.string(), classification: z.string() })),
});

/** One reason the server would refuse a token. */
export const refusalReasonSchema = z.object({ code: z.string(), message: z.string() });

/** The answer of `POST /api/v1/jwt/inspect`. */
export const tokenInspectionSchema = z.object({
  header: z.record(z.string(), z.unknown()).nullable(),
  payload: z.record(z.string(), z.unknown()).nullable(),
  /** Checked against the server's key named by kid (or the key supplied); `unchecked` when there is none to check with. */
  signature: z.object({ verdict: z.enum(['valid', 'invalid', 'unchecked']), checkedWith: z.string().nullable() }),
  /** Every reason the server would refuse the token, not only the first. */
  reasons: z.array(refusalReasonSchema),
  /** What the verification every request goes through answers. */
  verdict: z.union([
    z.object({ accepted: z.literal(true) }),
    z.object({ accepted: z.literal(false), code: z.string(), message: z.string() }),
  ]),
});

/** The answer of `GET /api/v1/token/data`. */
export type TokenData = z.infer<typeof tokenDataSchema>;
/** The answer of `POST /api/v1/jwt/inspect`. */
export type TokenInspectionView = z.infer<typeof tokenInspectionSchema>;
