import { z } from 'zod';
import { roleSchema } from './users.ts';

/** `GET /api/v1/demo-accounts`: the demo accounts and their passwords, printed on the login screen on purpose. */
export const demoAccountsSchema = z.object({
  accounts: z.array(z.object({ username: z.string(), password: z.string(), role: roleSchema })),
});

/** The answer of `GET /api/v1/demo-accounts`. */
export type DemoAccounts = z.infer<typeof demoAccountsSchema>;
