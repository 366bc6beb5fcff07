import { z } from 'zod';

/** `PUT /api/v1/lab/session-encryption`: turns the encryption of new session writes on or off (the window only). */
export const sessionEncryptionChangeSchema = z.object({ enabled: z.boolean() }).strict();

/**
 * `GET`/`PUT /api/v1/lab/session-encryption` and `POST …/rotate`: whether new cookie-session writes are encrypted
 * (AES-256-GCM), how this launch started, the key id new writes use and every key id the server still holds.
 */
export const sessionEncryptionSchema = z.object({
  /** Whether new writes are encrypted now. Reads accept both forms whichever way it stands. */
  enabled: z.boolean(),
  /** How this launch started (`--encrypt-sessions`): what `DELETE /api/v1/lab/switches` puts back. */
  atLaunch: z.boolean(),
  /** The key id new writes use. */
  currentKid: z.string(),
  /** Every key id the server holds, oldest first: records under any of them decrypt. */
  kids: z.array(z.string()),
});

/** A change of the session-encryption switch. */
export type SessionEncryptionChange = z.infer<typeof sessionEncryptionChangeSchema>;
/** The session-encryption switch and its keys. */
export type SessionEncryption = z.infer<typeof sessionEncryptionSchema>;
