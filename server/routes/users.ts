import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { Context } from 'koa';
import { passwordWeakness } from '../accounts/common-passwords.ts';
import { parseUserId, toUserView, type UserChanges, type UserRecord } from '../accounts/accounts.ts';
import type { AuthServices } from '../auth/auth-services.ts';
import { auditContext } from '../auth/cookie-session.ts';
import { requireAdmin, requireCsrf, requireSession } from '../auth/guards.ts';
import { NotFoundError, WeakPasswordError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import {
  createUserSchema,
  updateUserSchema,
  userListQuerySchema,
  type UserChangeResponse,
  type UserDeleteResponse,
  type RevocationCounts,
} from '../../shared/api/users.ts';

function checkPassword(password: string, username: string): void {
  const weakness = passwordWeakness(password, username);
  if (weakness) throw new WeakPasswordError(weakness);
}

/**
 * The admin API over the accounts database. A change of password, role or disabled flag, and a deletion, ends every
 * live cookie session of that user and revokes every refresh family (token login) they have (the proof they signed in
 * with, the privileges they were granted, or the account itself, changed or gone); the answer says how many of each.
 * Lab 13 switches the role change's part off while it runs (`AuthServices.accountPolicy`): every cookie request and
 * every token verification reads the account's current role anyway (the server's own admin checks never trust the
 * token's `role` claim) and a refresh signs with it, so what it shows is the `role` claim frozen in access tokens
 * already issued.
 */
export function usersRoutes(services: AuthServices): Router {
  const { accounts, accountPolicy, audit, passwords, registry, tokens } = services;
  const router = createRouter(`${API_PREFIX}/users`);
  router.use(requireSession(), requireAdmin(), requireCsrf());

  const find = (ctx: Context): UserRecord => {
    const id = parseUserId(ctx.params.id);
    const user = id === null ? undefined : accounts.findById(id);
    if (!user) throw new NotFoundError(`No user with id ${ctx.params.id}`);
    return user;
  };

  /** Ends everything a user is signed in with, auditing it; returns the counts the answer carries. */
  async function revokeEverything(ctx: Context, user: UserRecord, why: string): Promise<RevocationCounts> {
    const context = { ...auditContext(ctx), detail: why };
    const sessionsEnded = await registry.destroyAllFor(user, context);
    const refreshFamiliesRevoked = await tokens.refresh.revokeAllFor(user);
    if (refreshFamiliesRevoked > 0) {
      audit.record({
        ...context,
        event: 'revoked',
        userId: user.id,
        username: user.username,
        detail: `${why}: ${refreshFamiliesRevoked} token login(s) (refresh families) revoked`,
      });
    }
    return { sessionsEnded, refreshFamiliesRevoked };
  }

  router.post('/', async (ctx) => {
    const body = parseInput(createUserSchema, ctx.request.body);
    checkPassword(body.password, body.username);
    const user = accounts.create({
      username: body.username,
      email: body.email,
      role: body.role,
      passwordHash: await passwords.hash(body.password),
    });
    ctx.status = 201;
    ctx.body = toUserView(user);
  });

  router.get('/', (ctx) => {
    const { page, pageSize } = parseInput(userListQuerySchema, ctx.query);
    const { users, total } = accounts.list(page, pageSize);
    ctx.body = { users: users.map(toUserView), page, pageSize, total };
  });

  router.get('/:id', (ctx) => {
    ctx.body = toUserView(find(ctx));
  });

  router.put('/:id', async (ctx) => {
    const user = find(ctx);
    const body = parseInput(updateUserSchema, ctx.request.body);
    const changes: UserChanges = {};
    if (body.email !== undefined) changes.email = body.email;
    if (body.role !== undefined) changes.role = body.role;
    if (body.disabled !== undefined) changes.disabled = body.disabled;
    if (body.password !== undefined) {
      checkPassword(body.password, user.username);
      changes.passwordHash = await passwords.hash(body.password);
      // The login screen prints demo passwords: once changed, the account is no longer a demo one.
      changes.demo = false;
    }
    const updated = accounts.update(user.id, changes)!;
    const reasons = [
      ...(body.password !== undefined ? ['password'] : []),
      ...(body.role !== undefined && body.role !== user.role && accountPolicy.roleChangeEndsSessions ? ['role'] : []),
      ...(body.disabled !== undefined && body.disabled !== user.disabled ? ['disabled'] : []),
    ].join(', ');
    const privilegeChanged = reasons !== '';
    const counts = privilegeChanged
      ? await revokeEverything(ctx, user, `privilege change by admin: ${reasons}`)
      : { sessionsEnded: 0, refreshFamiliesRevoked: 0 };
    // An admin changing their own password, role or disabled flag ends their own session too: clear its cookie as well.
    if (privilegeChanged && user.id === ctx.state.auth!.user.id) ctx.session = null;
    const answer: UserChangeResponse = { user: toUserView(updated), ...counts };
    ctx.body = answer;
  });

  router.delete('/:id', async (ctx) => {
    const user = find(ctx);
    const counts = await revokeEverything(ctx, user, 'account deleted by admin');
    accounts.delete(user.id);
    if (user.id === ctx.state.auth!.user.id) ctx.session = null;
    const answer: UserDeleteResponse = { deleted: user.id, ...counts };
    ctx.body = answer;
  });

  return router;
}
