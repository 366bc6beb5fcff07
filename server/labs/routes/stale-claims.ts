import type Router from '@koa/router';
import type { Accounts } from '../../accounts/accounts.ts';
import type { AccountPolicy } from '../../auth/auth-services.ts';
import { DEMO_ACCOUNTS } from '../../accounts/demo-accounts.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { parseInput } from '../../validate.ts';
import type { LabWindow } from '../lab-window.ts';
import { callLoopback, cookieHeader, type LoopbackAnswer } from '../loopback-logins.ts';
import type { LabSwitchSource } from './switches.ts';
import { API_PATHS, API_PREFIX } from '../../../shared/api/paths.ts';
import { CSRF_HEADER } from '../../../shared/api/session.ts';
import type { ChangedSwitch } from '../../../shared/api/lab-switches.ts';
import { staleClaimsRoleSchema, type StaleClaimsRoleResponse } from '../../../shared/api/lab-stale-claims.ts';
import { createRouter } from '../../routes/router.ts';

type Role = 'admin' | 'user';

/** The policy's words in the switches' summary. */
const ENDS_EVERYTHING = 'signed out everywhere';
const ENDS_NOTHING = 'stays signed in';

/**
 * What lab 13 changed, all in the switch group `account-roles`: the roles it gave, by user id, with the role each had
 * before its first change, and the account policy's role-change part, which it turns off while it runs (a role change
 * that signed alice out would leave no cookie session to see her new role). A restore puts back both.
 */
export class ChangedRoles implements LabSwitchSource {
  readonly #accounts: Accounts;
  readonly #policy: AccountPolicy;
  readonly #before = new Map<number, { username: string; role: Role }>();

  constructor(accounts: Accounts, policy: AccountPolicy) {
    this.#accounts = accounts;
    this.#policy = policy;
  }

  /** Remembers a user's role before the lab's first change of it, and keeps the user's sessions through the change. */
  remember(id: number, username: string, role: Role): void {
    if (!this.#before.has(id)) this.#before.set(id, { username, role });
    this.#policy.roleChangeEndsSessions = false;
  }

  /** The policy, and each role the lab changed that is not back to what it was, for the switches' summary. */
  changed(): ChangedSwitch[] {
    const policy: ChangedSwitch[] = this.#policy.roleChangeEndsSessions
      ? []
      : [{ group: 'account-roles', name: 'after a role change, the user', now: ENDS_NOTHING, launch: ENDS_EVERYTHING }];
    return [
      ...policy,
      ...[...this.#before].flatMap(([id, { username, role }]) => {
        const now = this.#accounts.findById(id)?.role;
        return now && now !== role
          ? [{ group: 'account-roles' as const, name: `${username}'s role`, now, launch: role }]
          : [];
      }),
    ];
  }

  /** Puts every changed role back (which ends nothing) and the policy as it was at launch, and forgets the roles. */
  restore(): void {
    for (const [id, { role }] of this.#before) if (this.#accounts.findById(id)) this.#accounts.update(id, { role });
    this.#before.clear();
    this.#policy.roleChangeEndsSessions = true;
  }
}

const step = (request: string, answer: LoopbackAnswer) => {
  const code = (answer.body?.error as { code?: unknown } | undefined)?.code;
  return { request, status: answer.status, ...(typeof code === 'string' ? { code } : {}) };
};

/**
 * Lab 13's admin, for the app's own window only (the lab key): `POST /api/v1/lab/stale-claims/role {username, role}`
 * signs the demo admin in on the loopback port, sends the real admin API call (`PUT /api/v1/users/:id {role}`, with
 * the session's CSRF token and this server's Origin) and signs out, so all three show in the exchange log and the
 * learner's own cookie in the window is never replaced. Before the change it switches the account policy so that a role
 * change ends nothing (at launch it ends the user's sessions and token logins). `DELETE` puts back every role the lab
 * changed and the policy (also part of the `DELETE /api/v1/lab/switches` restore, group `account-roles`).
 */
export function labStaleClaimsRoutes(accounts: Accounts, roles: ChangedRoles, guard: LabWindow): Router {
  const router = createRouter(API_PATHS.labStaleClaimsRole);
  router.use(guard.only("Lab 13's admin"));

  router.post('/', async (ctx) => {
    const { username, role } = parseInput(staleClaimsRoleSchema, ctx.request.body);
    const user = accounts.findByUsername(username);
    if (!user) throw new NotFoundError(`No user "${username}"`);
    const admin = DEMO_ACCOUNTS.find((account) => account.role === 'admin')!;
    if (user.username === admin.username) throw new ValidationError("The lab's admin does not change its own role");
    const port = ctx.req.socket.localPort!;
    const login = await callLoopback(
      port,
      'POST',
      API_PATHS.sessionLogin,
      {},
      {
        username: admin.username,
        password: admin.password,
      },
    );
    const steps = [step(`POST ${API_PATHS.sessionLogin} (${admin.username})`, login)];
    let after: Role | null = null;
    if (login.status === 200) {
      const headers = {
        cookie: cookieHeader(login.headers),
        origin: `http://127.0.0.1:${port}`,
        [CSRF_HEADER]: String((login.body?.session as { csrfToken?: string } | undefined)?.csrfToken ?? ''),
      };
      roles.remember(user.id, user.username, user.role);
      const path = `${API_PREFIX}/users/${user.id}`;
      const change = await callLoopback(port, 'PUT', path, headers, { role });
      steps.push(step(`PUT ${path}`, change));
      if (change.status === 200) after = role;
      const logout = await callLoopback(port, 'POST', API_PATHS.sessionLogout, headers);
      steps.push(step(`POST ${API_PATHS.sessionLogout}`, logout));
    }
    const body: StaleClaimsRoleResponse = { username: user.username, before: user.role, after, steps };
    ctx.body = body;
  });

  router.delete('/', (ctx) => {
    roles.restore();
    ctx.status = 204;
  });
  return router;
}
