import { z } from 'zod';

/** `admin` may manage users and read every audit event; `user` only their own. */
export const roleSchema = z.enum(['admin', 'user']);

/** A user as the API shows it: never the password hash or the TOTP secret. */
export const userViewSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
  role: roleSchema,
  mfaEnabled: z.boolean(),
  disabled: z.boolean(),
  /** A demo account, whose password is printed on the login screen. */
  demo: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

const username = z
  .string()
  .trim()
  .min(3, 'at least 3 characters')
  .max(32, 'at most 32 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only');

/** `POST /api/v1/users` */
export const createUserSchema = z.strictObject({
  username,
  email: z.email().max(254),
  password: z.string().max(256),
  role: roleSchema.default('user'),
});

/** `PUT /api/v1/users/:id`: any of the fields; a role, password or disabled change ends the user's sessions and token logins. */
export const updateUserSchema = z.strictObject({
  email: z.email().max(254).optional(),
  password: z.string().max(256).optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
});

/** `GET /api/v1/users?page=&pageSize=` */
export const userListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** The answer of `GET /api/v1/users`. */
export const userListSchema = z.object({
  users: z.array(userViewSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

/** What a password, role or disabled change, or a deletion, ended: the user's cookie sessions and token logins. */
export const revocationCountsSchema = z.object({
  /** Cookie sessions destroyed. */
  sessionsEnded: z.number().int(),
  /** Refresh families (token logins) revoked that could still refresh; their access tokens go with them where the denylist is on. */
  refreshFamiliesRevoked: z.number().int(),
});

/** The answer of `PUT /api/v1/users/:id`. */
export const userChangeResponseSchema = revocationCountsSchema.extend({ user: userViewSchema });

/** The answer of `DELETE /api/v1/users/:id`. */
export const userDeleteResponseSchema = revocationCountsSchema.extend({ deleted: z.number().int() });

/** A user as the API shows it. */
export type UserView = z.infer<typeof userViewSchema>;
/** `admin` or `user`. */
export type Role = z.infer<typeof roleSchema>;
/** The body of `POST /api/v1/users`. */
export type CreateUser = z.infer<typeof createUserSchema>;
/** The body of `PUT /api/v1/users/:id`. */
export type UpdateUser = z.infer<typeof updateUserSchema>;
/** What a revocation ended. */
export type RevocationCounts = z.infer<typeof revocationCountsSchema>;
/** The answer of `PUT /api/v1/users/:id`. */
export type UserChangeResponse = z.infer<typeof userChangeResponseSchema>;
/** The answer of `DELETE /api/v1/users/:id`. */
export type UserDeleteResponse = z.infer<typeof userDeleteResponseSchema>;
