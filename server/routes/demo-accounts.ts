import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { DEMO_ACCOUNTS } from '../accounts/demo-accounts.ts';
import { API_PATHS } from '../../shared/api/paths.ts';
import type { DemoAccounts } from '../../shared/api/demo.ts';

/**
 * `GET /api/v1/demo-accounts`: the demo accounts that still exist with their printed password, for the
 * login screen. `--no-demo-accounts` makes none in a new data dir (accounts made before stay), and an account
 * leaves the list once its password changes.
 */
export function demoAccountRoutes(accounts: Accounts): Router {
  const router = createRouter();
  router.get(API_PATHS.demoAccounts, (ctx) => {
    const demo = new Set(accounts.demoUsers().map((user) => user.username));
    const body: DemoAccounts = {
      accounts: DEMO_ACCOUNTS.filter((account) => demo.has(account.username)).map(({ username, password, role }) => ({
        username,
        password,
        role,
      })),
    };
    ctx.body = body;
  });
  return router;
}
