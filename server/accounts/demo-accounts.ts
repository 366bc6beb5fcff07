import type { Accounts } from './accounts.ts';
import type { PasswordHasher } from './password.ts';
import type { Role } from '../../shared/api/users.ts';

/** A demo account: its password is printed on the login screen and in the README, on purpose. */
export interface DemoAccount {
  username: string;
  password: string;
  email: string;
  role: Role;
}

/** The demo accounts made on first start (unless `--no-demo-accounts`). Not secrets: lab fixtures. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', password: 'admin-lab-pass', email: 'admin@session-lab.test', role: 'admin' },
  { username: 'alice', password: 'alice-lab-pass', email: 'alice@session-lab.test', role: 'user' },
  { username: 'bob', password: 'bob-lab-pass', email: 'bob@session-lab.test', role: 'user' },
];

/** Creates the demo accounts when the accounts database is empty; returns how many it made. */
export async function seedDemoAccounts(accounts: Accounts, passwords: PasswordHasher): Promise<number> {
  if (accounts.count() > 0) return 0;
  // Hashed side by side on libuv's thread pool: a first launch waits for one round of scrypt, not three.
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((demo) => passwords.hash(demo.password)));
  DEMO_ACCOUNTS.forEach((demo, i) =>
    accounts.create({
      username: demo.username,
      email: demo.email,
      role: demo.role,
      passwordHash: hashes[i]!,
      demo: true,
    }),
  );
  return DEMO_ACCOUNTS.length;
}
