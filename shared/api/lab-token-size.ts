import { z } from 'zod';

/** The most extra claims `POST /api/v1/lab/token-size` puts in one token (50 keep it far under the 8 KiB limit). */
export const MAX_EXTRA_CLAIMS = 50;

/**
 * `POST /api/v1/lab/token-size`: sign a real access token for a demo account with `extraClaims` made-up
 * permission claims (`perm_1: "read:reports"`, …), to see what each claim costs on every request.
 */
export const tokenSizeRequestSchema = z.strictObject({
  extraClaims: z.number().int().min(0).max(MAX_EXTRA_CLAIMS),
  /** A demo account (its password is printed on the login screen); `alice` when left out. */
  username: z.string().min(1).max(64).optional(),
});

/**
 * Its answer. The figures come before the token, so they stay readable in the inspector's HTTP log,
 * which cuts bodies at 2 KiB.
 */
export const tokenSizeResponseSchema = z.strictObject({
  extraClaims: z.number().int(),
  /** Every claim of the payload: the standard ones a login's token has, plus the extra ones. */
  claims: z.number().int(),
  /** The compact token's length in bytes (what `Authorization: Bearer ` is followed by). */
  bytes: z.number().int(),
  algorithm: z.enum(['HS256', 'ES256', 'EdDSA']),
  access_token: z.string(),
});

/** The body of `POST /api/v1/lab/token-size`. */
export type TokenSizeRequest = z.infer<typeof tokenSizeRequestSchema>;
/** The answer of `POST /api/v1/lab/token-size`. */
export type TokenSizeResponse = z.infer<typeof tokenSizeResponseSchema>;
