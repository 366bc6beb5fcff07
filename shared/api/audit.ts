import { z } from 'zod';

/** The session events the audit trail records. */
export const auditEventNameSchema = z.enum([
  'created',
  'rotated',
  'mfa_verified',
  'destroyed',
  'expired',
  'revoked',
  'evicted',
  'fingerprint_mismatch',
  'throttled',
  'login_failed',
]);

/** One audit event. The session appears only as a hash of its id. */
export const auditEventSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  event: auditEventNameSchema,
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  sidHash: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  detail: z.string().nullable(),
});

/**
 * A query parameter that is a whole number written as one: decimal digits without sign, leading zeros, spaces, a point
 * or an exponent (`0x4`, `4.0`, ` 4`, `+4`, `04` and `4e0` are refused, not read as 4), as a user id in a path is read.
 */
function decimalParam(what: string) {
  return z
    .string({ error: `${what} is one decimal number` })
    .regex(/^[1-9][0-9]{0,14}$/, `${what} is a decimal number from 1, without sign, leading zeros or spaces`)
    .transform(Number);
}

/** `GET /api/v1/audit?event=&userId=&before=&limit=`: an admin may filter by user; a user sees their own. */
export const auditQuerySchema = z.object({
  event: auditEventNameSchema.optional(),
  userId: decimalParam('a user id').optional(),
  /** Events with a smaller id than this one (the next page). */
  before: decimalParam('before (an event id)').optional(),
  limit: decimalParam('limit').pipe(z.number().max(200, 'limit is at most 200')).default(50),
});

/** An audit event's name. */
export type AuditEventName = z.infer<typeof auditEventNameSchema>;
/** One audit event. */
export type AuditEvent = z.infer<typeof auditEventSchema>;
