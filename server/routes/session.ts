import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { AuthServices } from '../auth/auth-services.ts';
import { accountChangedError, checkPassword, unchangedSince } from '../auth/check-password.ts';
import { auditContext, clearSessionCookies } from '../auth/cookie-session.ts';
import { requireCsrf, requireSession } from '../auth/guards.ts';
import { meResponse } from '../auth/me-response.ts';
import { SessionRegistry } from '../auth/session-registry.ts';
import { newSessionRecord, saveUnderNewId } from '../auth/start-session.ts';
import { NotFoundError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { loginSchema } from '../../shared/api/session.ts';

/** The cookie-session flow: login, logout, me, and my sessions. */
export function sessionRoutes(services: AuthServices): Router {
  const { audit, registry, throttle, signer } = services;
  const router = createRouter(`${API_PREFIX}/session`);

  router.post('/login', async (ctx) => {
    const { username, password, remember = false } = parseInput(loginSchema, ctx.request.body);
    const context = auditContext(ctx);
    const user = await checkPassword(ctx, services, username, password, null);
    await throttle.loginSucceeded(username, context.ip);
    await registry.makeRoom(user, { ...context, username: user.username }, ctx.state.auth?.sid);
    const previous = ctx.state.auth?.sid;
    const record = newSessionRecord(ctx, user, services, remember);
    const sid = await saveUnderNewId(ctx, record);
    if (!unchangedSince(services.accounts, user)) {
      await registry.destroy(sid, user.id);
      clearSessionCookies(ctx, services.config.cookieName);
      audit.record({
        ...context,
        event: 'destroyed',
        sid,
        userId: user.id,
        username: user.username,
        detail: 'the account changed during the login',
      });
      throw accountChangedError();
    }
    if (previous)
      audit.record({
        ...context,
        event: 'destroyed',
        sid: previous,
        userId: ctx.state.auth!.user.id,
        detail: 'replaced by a new login',
      });
    audit.record({
      ...context,
      event: 'created',
      sid,
      userId: user.id,
      username: user.username,
      detail: record.state === 'mfa_pending' ? 'waiting for MFA' : null,
    });
    ctx.body = meResponse(user, sid, record, signer.derive('csrf', sid), services.lifetimes.idleTtlMs);
  });

  router.post('/logout', requireSession({ allowPending: true }), requireCsrf(), async (ctx) => {
    const { sid, user } = ctx.state.auth!;
    ctx.session = null;
    audit.record({ ...auditContext(ctx), event: 'destroyed', sid, userId: user.id, detail: 'logout' });
    ctx.status = 204;
  });

  router.get('/me', requireSession(), (ctx) => {
    const { user, sid, record, csrfToken } = ctx.state.auth!;
    ctx.body = meResponse(user, sid, record, csrfToken, services.lifetimes.idleTtlMs);
  });

  router.get('/list', requireSession(), async (ctx) => {
    const { user, sid: current } = ctx.state.auth!;
    const live = await registry.listFor(user);
    ctx.body = {
      sessions: live.map(({ sid, record }) => ({
        id: SessionRegistry.publicId(sid),
        userAgent: record.ua,
        ip: record.ip,
        createdAt: record.created,
        lastSeenAt: record.seen,
        current: sid === current,
      })),
    };
  });

  router.post('/revoke-others', requireSession(), requireCsrf(), async (ctx) => {
    const { user, sid } = ctx.state.auth!;
    const revoked = await registry.destroyAllFor(user, { ...auditContext(ctx), except: sid, detail: 'revoke-others' });
    ctx.body = { revoked };
  });

  router.delete('/:id', requireSession(), requireCsrf(), async (ctx) => {
    const { user, sid: current } = ctx.state.auth!;
    const target = (await registry.listFor(user)).find(({ sid }) => SessionRegistry.publicId(sid) === ctx.params.id);
    if (!target) throw new NotFoundError('No session of yours has that id');
    if (target.sid === current) ctx.session = null;
    else await registry.destroy(target.sid, user.id);
    audit.record({
      ...auditContext(ctx),
      event: 'revoked',
      sid: target.sid,
      userId: user.id,
      detail: 'revoked by its owner',
    });
    ctx.status = 204;
  });

  return router;
}
