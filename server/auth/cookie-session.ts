import { createHash } from 'node:crypto';
import type Koa from 'koa';
import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import compose from 'koa-compose';
import session from 'koa-session';
import type { Accounts } from '../accounts/accounts.ts';
import type { AuditLog } from '../accounts/audit-log.ts';
import type { Config } from '../config.ts';
import { NotAuthenticatedError, SessionExpiredError, SessionFingerprintMismatchError } from '../errors.ts';
import type { CookieSigner } from './cookie-signer.ts';
import { cookieLifetimeOf, type SessionRecord } from './session-record.ts';
import { SID_PATTERN, newSid } from './session-keys.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { isUnreadable, type SessionLifetimes, type SessionRegistry } from './session-registry.ts';

/** What the cookie-session layer is built from. */
export interface CookieSessionDeps {
  /** The app, only read: its keys must be `signer`, set by its owner. */
  app: Readonly<Pick<Koa, 'keys'>>;
  config: Config;
  /** Read at every request: the lab may change them at run time. */
  lifetimes: SessionLifetimes;
  registry: SessionRegistry;
  accounts: Accounts;
  audit: AuditLog;
  signer: CookieSigner;
  logger: Logger;
  now: () => number;
}

/** The hash a session is bound to when fingerprint binding is on (user agent and/or address). */
export function fingerprintOf(ctx: Context, mode: Config['sessionFingerprint']): string | undefined {
  if (mode === 'off') return undefined;
  const parts = [mode.includes('ua') ? ctx.get('User-Agent') : '', mode.includes('ip') ? ctx.ip : ''];
  return createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 22);
}

/** The audit context of a request. */
export function auditContext(ctx: Context): { ip: string; userAgent: string } {
  return { ip: ctx.ip, userAgent: ctx.get('User-Agent') };
}

/** The cookie session: its middleware, and the `ctx.session` accessors the app's owner puts on its context once. */
export interface CookieSession {
  /** Reads the session, on the routes that use it. */
  middleware: Middleware;
  /**
   * koa-session's accessors (`ctx.session`, `ctx.sessionOptions` and its own private one), as property descriptors:
   * the app's owner defines them on its `app.context` once (`Object.defineProperties`). koa-session's factory would
   * have defined them on the context of the app it is handed; it is handed a stand-in instead, so the caller's app is
   * left as it was.
   */
  contextProperties: PropertyDescriptorMap;
}

/**
 * The stateful half: koa-session over the store layer (every read and write goes through
 * {@link SessionRegistry}, so the change feed sees it), with Koa's signed cookies under a fast
 * HMAC signer. Around it: a check of the raw cookie, the commit, and the identity of the request. Changes nothing it
 * is given: the app's owner installs {@link CookieSession.contextProperties}.
 */
export function cookieSession(deps: CookieSessionDeps): CookieSession {
  const { config } = deps;
  // Koa signs and checks the cookie with the app's keys: the app's owner made them this signer (createCoreApp).
  if ((deps.app.keys as unknown) !== deps.signer)
    throw new Error("cookieSession needs the app's keys to be its cookie signer (new Koa({ keys: signer }))");
  const cookieOptions = {
    httpOnly: true,
    signed: true,
    overwrite: true,
    sameSite: config.cookieSameSite,
  } as const;
  const sessionContext = {};
  const koaSession = session(
    {
      key: config.cookieName,
      maxAge: config.sessionIdleTtlMs,
      autoCommit: false,
      overwrite: true,
      httpOnly: true,
      signed: true,
      rolling: false,
      renew: false,
      sameSite: config.cookieSameSite,
      // A new session's id begins with its user's tag (saveUnderNewId names the user): one slot per user on a cluster.
      genid: (ctx: Context) => (ctx.state.sid = newSid(ctx.state.sessionOwner)),
      // checkCookie has verified the signature already: hand koa-session the id, so it is not checked twice.
      externalKey: {
        get: (ctx: Context) => ctx.state.sid ?? '',
        set: (ctx: Context, sid: string) => {
          // A browser-session cookie (no Expires), unless the session is remembered: then it lives to the session's end.
          const record = ctx.session as unknown as SessionRecord | null;
          ctx.cookies.set(config.cookieName, sid, { ...cookieOptions, maxAge: cookieLifetimeOf(record, deps.now()) });
        },
      },
      store: {
        get: (sid: string, _maxAge: number, { ctx }: { ctx?: Context }) =>
          ctx ? readOrRemember(deps, sid, ctx) : deps.registry.read(sid),
        set: (sid: string, sess: SessionRecord, _maxAge: number, { ctx }: { ctx?: Context }) => {
          // Any save renews the idle TTL, so it is activity: `seen` says when the TTL was last renewed.
          sess.seen = deps.now();
          return deps.registry.write(sid, sess, ctx?.state.sessionIsNew === true);
        },
        destroy: async (sid: string) => {
          await deps.registry.destroy(sid);
        },
      },
    },
    // koa-session defines its accessors on the context of the app it is given: a stand-in's, copied by the owner.
    { use: () => {}, context: sessionContext },
  );
  const stack = compose([checkCookie(deps), koaSession, commitAndIdentify(deps)]);
  const loginPath = `${API_PREFIX}/session/login`;
  // Without a session cookie there is no session to load, and only a login makes one: a request with
  // a token, or with nothing, skips koa-session (and the random id it would generate for nothing).
  const middleware: Middleware = (ctx, next) =>
    ctx.cookies.get(config.cookieName, { signed: false }) !== undefined || ctx.path === loginPath
      ? stack(ctx, next)
      : next();
  return { middleware, contextProperties: Object.getOwnPropertyDescriptors(sessionContext) };
}

/**
 * Reads a session's record. An encrypted record that does not decrypt (a byte changed in the store, a record copied
 * from another id, a key id the server no longer holds) opens nothing, and the request remembers why, so a route that
 * needs the session answers that 401 instead of a plain "sign in first". The record is left to its TTL, never
 * trusted: deleting it would destroy what the learner (or an operator) inspects, and a record under a key restored to
 * the key file opens again; the cookie is kept, so every request with it gives the same answer until then.
 */
async function readOrRemember(deps: CookieSessionDeps, sid: string, ctx: Context): Promise<SessionRecord | null> {
  try {
    return await deps.registry.readOrRefuse(sid);
  } catch (error) {
    if (!isUnreadable(error)) throw error;
    ctx.state.sessionProblem = error;
    return null;
  }
}

/** Clears the session cookie and its signature cookie. */
export function clearSessionCookies(ctx: Context, name: string): void {
  ctx.cookies.set(name, null, { signed: false });
  ctx.cookies.set(`${name}.sig`, null, { signed: false });
}

/** A cookie that is malformed or whose signature does not match is cleared and remembered as a problem. */
function checkCookie({ config, signer }: CookieSessionDeps): Middleware {
  const name = config.cookieName;
  return (ctx, next) => {
    const raw = ctx.cookies.get(name, { signed: false });
    if (raw !== undefined) {
      const signature = ctx.cookies.get(`${name}.sig`, { signed: false });
      if (!SID_PATTERN.test(raw) || !signature || signer.index(`${name}=${raw}`, signature) === -1) {
        ctx.state.cookieProblem = SID_PATTERN.test(raw) ? 'its signature does not match' : 'it is not a session id';
        clearSessionCookies(ctx, name);
      } else ctx.state.sid = ctx.state.cookieSid = raw;
    }
    return next();
  };
}

function commitAndIdentify(deps: CookieSessionDeps): Middleware {
  return async (ctx, next) => {
    const handle = ctx.session!;
    let failure: unknown;
    try {
      await identify(ctx, deps);
      await next();
    } catch (error) {
      failure = error;
    }
    try {
      if (!ctx.state.sessionCommitted) await handle.manuallyCommit();
    } catch (commitError) {
      // The route's own answer wins; a save that failed behind it is logged, not swapped in.
      if (failure === undefined) throw commitError;
      deps.logger.warn({ err: commitError, path: ctx.path }, 'the session could not be saved after a failed request');
    }
    if (failure !== undefined) throw failure;
  };
}

async function identify(ctx: Context, deps: CookieSessionDeps): Promise<void> {
  const { config, accounts, audit, now } = deps;
  const record = ctx.session as unknown as SessionRecord;
  const sid = ctx.state.sid;
  if (typeof record.uid !== 'number' || !sid) {
    // A well-signed cookie whose session has ended (logged out, expired): clear it rather than keep sending it. One
    // whose record does not decrypt is kept: each request with it answers why (see readOrRemember).
    if (ctx.state.cookieSid && !ctx.state.sessionProblem) clearSessionCookies(ctx, config.cookieName);
    return;
  }
  const end = (event: 'expired' | 'destroyed' | 'fingerprint_mismatch', detail: string) => {
    ctx.session = null;
    audit.record({ ...auditContext(ctx), sid, userId: record.uid, event, detail });
  };
  const at = now();
  if (at >= record.until) {
    end('expired', 'absolute lifetime reached');
    throw new SessionExpiredError('The session reached its absolute lifetime; sign in again');
  }
  // A record made for another account with this id (or before accounts had keys) opens nothing.
  const user = accounts.findAccount(record.uid, record.acct);
  if (!user || user.disabled) {
    end(
      'destroyed',
      user ? 'account disabled' : accounts.findById(record.uid) ? 'made for another account' : 'account deleted',
    );
    throw new NotAuthenticatedError('The account behind this session no longer signs in');
  }
  if (config.sessionFingerprint !== 'off' && record.fp !== fingerprintOf(ctx, config.sessionFingerprint)) {
    end('fingerprint_mismatch', `binding: ${config.sessionFingerprint}`);
    throw new SessionFingerprintMismatchError(
      'This session belongs to another browser or address; it has been destroyed',
    );
  }
  // Sliding idle timeout, renewed at most once per touch interval: not a write per request.
  if (at - record.seen >= deps.lifetimes.touchMs) record.seen = at;
  const { signer } = deps;
  ctx.state.auth = {
    user,
    sid,
    record,
    // Derived when asked (a change's CSRF check, the me answer), not on every read of the session.
    get csrfToken() {
      return signer.derive('csrf', sid);
    },
  };
}
