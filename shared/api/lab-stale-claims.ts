import { z } from 'zod';

/** `POST /api/v1/lab/stale-claims/role`: which demo user the lab's admin gives which role. */
export const staleClaimsRoleSchema = z.object({
  username: z.string().min(1).max(64),
  role: z.enum(['admin', 'user']),
});

/** One request the lab's admin sent on the loopback port, as the exchange log records it too. */
export const loopbackStepSchema = z.object({
  /** e.g. `PUT /api/v1/users/2`. */
  request: z.string(),
  status: z.number().int(),
  /** The answer's `error.code`, if it had one. */
  code: z.string().optional(),
});

/**
 * The answer: the admin's three requests (log in, `PUT /api/v1/users/:id`, log out) with their statuses, and the
 * user's role before and after (after is null when the change did not go through).
 */
export const staleClaimsRoleResponseSchema = z.object({
  username: z.string(),
  before: z.enum(['admin', 'user']),
  after: z.enum(['admin', 'user']).nullable(),
  steps: z.array(loopbackStepSchema),
});

export type StaleClaimsRole = z.infer<typeof staleClaimsRoleSchema>;
export type StaleClaimsRoleResponse = z.infer<typeof staleClaimsRoleResponseSchema>;
