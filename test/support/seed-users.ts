import type { Accounts } from '../../server/accounts/accounts.ts';
import { seedDemoAccounts } from '../../server/accounts/demo-accounts.ts';
import { TEST_PASSWORDS } from './test-app.ts';

/** The demo accounts (admin, alice, bob) with their printed passwords, hashed at the tests' scrypt cost. */
export function seedUsers(accounts: Accounts): Promise<number> {
  return seedDemoAccounts(accounts, TEST_PASSWORDS);
}
