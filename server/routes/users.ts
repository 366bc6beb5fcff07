import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { Context } from 'koa';
import { passwordWeakness } from '../accounts/common-passwords.ts';
import { toUserView, type UserChanges, type UserRecord } from '../accounts/accounts.ts';
import type { AuthServices } from '../auth/auth-services.ts';
import { auditContext } from '../auth/cookie-session.ts';
import { requireAdmin, requireCsrf, requireSession } from '../auth/guards.ts';
import { NotFoundError, WeakPasswordError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { createUserSchema, updateUserSchema, userListQuerySchema } from '../../shared/api/users.ts';

function checkPassword(password: string): void {
  const weakness = passwordWeakness(password);
  if (weakness) throw new WeakPasswordError(weakness);
}

/**
 * The admin API over the accounts database. A change of role, password or disabled flag, and a
 * deletion, ends every live session of that user (the privilege they were granted under is gone).
 */
export function usersRoutes(services: AuthServices): Router {
  const { accounts, passwords, registry } = services;
  const router = createRouter(`${API_PREFIX}/users`);
  router.use(requireSession(), requireAdmin(), requireCsrf());

  const find = (ctx: Context): UserRecord => {
    const id = Number(ctx.params.id);
    const user = Number.isSafeInteger(id) ? accounts.findById(id) : undefined;
    if (!user) throw new NotFoundError(`No user with id ${ctx.params.id}`);
    return user;
  };

  router.post('/', async (ctx) => {
    const body = parseInput(createUserSchema, ctx.request.body);
    checkPassword(body.password);
    const user = accounts.create({ username: body.username, email: body.email, role: body.role, passwordHash: await passwords.hash(body.password) });
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
      checkPassword(body.password);
      changes.passwordHash = await passwords.hash(body.password);
      // The login screen prints demo passwords: once changed, the account is no longer a demo one.
      changes.demo = false;
    }
    const updated = accounts.update(user.id, changes)!;
    const privilegeChanged =
      body.password !== undefined || (body.role !== undefined && body.role !== user.role) || (body.disabled !== undefined && body.disabled !== user.disabled);
    const reasons = Object.keys(body).filter((key) => key !== 'email').join(', ');
    const sessionsEnded = privilegeChanged
      ? await registry.destroyAllFor(user.id, { ...auditContext(ctx), detail: `privilege change by admin: ${reasons}` })
      : 0;
    // An admin changing their own privileges ends their own session too: clear its cookie as well.
    if (privilegeChanged && user.id === ctx.state.auth!.user.id) ctx.session = null;
    ctx.body = { user: toUserView(updated), sessionsEnded };
  });

  router.delete('/:id', async (ctx) => {
    const user = find(ctx);
    await registry.destroyAllFor(user.id, { ...auditContext(ctx), detail: 'account deleted by admin' });
    accounts.delete(user.id);
    if (user.id === ctx.state.auth!.user.id) ctx.session = null;
    ctx.status = 204;
  });

  return router;
}
