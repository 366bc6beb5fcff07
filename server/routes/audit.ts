import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { AuthServices } from '../auth/auth-services.ts';
import { requireSession } from '../auth/guards.ts';
import { ForbiddenError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { auditQuerySchema } from '../../shared/api/audit.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';

/** `GET /api/v1/audit`: my session events; an admin sees everyone's and may filter by user. */
export function auditRoutes({ audit, accounts }: AuthServices): Router {
  const router = createRouter(API_PREFIX);
  router.get('/audit', requireSession(), (ctx) => {
    const query = parseInput(auditQuerySchema, ctx.query);
    const { user } = ctx.state.auth!;
    if (user.role !== 'admin' && query.userId !== undefined && query.userId !== user.id) {
      throw new ForbiddenError("Only an admin may read other users' events");
    }
    const userId = user.role === 'admin' ? query.userId : user.id;
    // Only events since the account was made: none of an earlier account that had the same id (a deleted one's stay its own).
    const since = userId === undefined ? undefined : accounts.findById(userId)?.createdAt;
    const events = audit.list({
      ...query,
      ...(userId !== undefined ? { userId } : {}),
      ...(since !== undefined ? { since } : {}),
    });
    ctx.body = { events };
  });
  return router;
}
