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

/** `GET /api/v1/audit?event=&userId=&before=&limit=`: an admin may filter by user; a user sees their own. */
export const auditQuerySchema = z.object({
  event: auditEventNameSchema.optional(),
  userId: z.coerce.number().int().optional(),
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** An audit event's name. */
export type AuditEventName = z.infer<typeof auditEventNameSchema>;
/** One audit event. */
export type AuditEvent = z.infer<typeof auditEventSchema>;
