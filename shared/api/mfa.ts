import { z } from 'zod';

/** `POST /api/v1/mfa/setup` answers what an authenticator app needs. */
export const mfaSetupResponseSchema = z.object({
  /** Base32, for typing into the app by hand. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The URI as a QR code, a `data:image/png;base64,…` URL. */
  qrDataUrl: z.string(),
});

/** `POST /api/v1/mfa/setup [{code}]`: replacing MFA that is on needs a current code. */
export const mfaSetupSchema = z.strictObject({
  code: z
    .string()
    .regex(/^\d{6}$/, 'six digits')
    .optional(),
});

/** `POST /api/v1/mfa/verify {code}` */
export const mfaVerifySchema = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'six digits') });

/** The answer of `POST /api/v1/mfa/setup`. */
export type MfaSetupResponse = z.infer<typeof mfaSetupResponseSchema>;
