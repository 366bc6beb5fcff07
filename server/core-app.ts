import type http from 'node:http';
import Koa from 'koa';
import type { Middleware } from 'koa';
import type Router from '@koa/router';
import type { Logger } from 'pino';
import type { Accounts } from './accounts/accounts.ts';
import { AuditLog } from './accounts/audit-log.ts';
import type { PasswordHasher } from './accounts/password.ts';
import type { AuthServices, TokenServices } from './auth/auth-services.ts';
import { CookieSigner } from './auth/cookie-signer.ts';
import { cookieSession } from './auth/cookie-session.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { SecretSealer } from './auth/sealed-secret.ts';
import { SessionCipher } from './auth/session-cipher.ts';
import { SessionKeyFile } from './auth/session-key-file.ts';
import type { Secrets } from './auth/secrets.ts';
import { configuredLifetimes, SessionRegistry, type SessionLifetimes } from './auth/session-registry.ts';
import type { Closers } from './closers.ts';
import type { Config } from './config.ts';
import { StartupError } from './errors.ts';
import { decodeAppKey } from './inspector/decode-key.ts';
import type { EventHub } from './inspector/event-hub.ts';
import type { ExchangeTally, HttpInstance } from './inspector/exchange-recorder.ts';
import { Inspector } from './inspector/inspector.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { hostCheck, hostGuard } from './middleware/host-guard.ts';
import { jsonBody } from './middleware/json-body.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { auditRoutes } from './routes/audit.ts';
import { demoAccountRoutes } from './routes/demo-accounts.ts';
import { healthRoutes } from './routes/health.ts';
import { INSPECTOR_PREFIX, inspectorRoutes } from './routes/inspector.ts';
import { jwksRoutes } from './routes/jwks.ts';
import { jwtInspectRoutes } from './routes/jwt-inspect.ts';
import { mfaRoutes } from './routes/mfa.ts';
import { rendererFiles } from './routes/renderer.ts';
import { dispatch } from './routes/dispatch.ts';
import { createRouter } from './routes/router.ts';
import { sessionRoutes } from './routes/session.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { usersRoutes } from './routes/users.ts';
import { whoamiRoutes } from './routes/whoami.ts';
import type { KeyStore } from './store/types.ts';
import type { AccessTokenDeps } from './tokens/access-tokens.ts';
import type { KeyRing } from './tokens/key-ring.ts';
import { RefreshTokens } from './tokens/refresh-tokens.ts';
import { tokenAuth } from './tokens/token-auth.ts';
import { initialTokenSettings, type TokenSettings } from './tokens/token-settings.ts';

/** Everything the auth server is built from; nothing is imported as a singleton. */
export interface CoreDeps {
  config: Config;
  store: KeyStore;
  /** Why this store was chosen, for /health. */
  storeReason: string;
  /** The accounts database (users and the audit trail). */
  accounts: Accounts;
  /** The JWT signing keys. */
  keys: KeyRing;
  /** The inspector's event stream. */
  hub: EventHub;
  /** This launch's random key, without which the inspector (and the labs) answer 401 LAB_KEY_REQUIRED. */
  labKey: string;
  passwords: PasswordHasher;
  secrets: Secrets;
  logger: Logger;
  version: string;
  /** Where the built renderer lives. */
  rendererDir: string;
  /** Where the app hands what must stop with it; the caller runs them at close. */
  closers: Closers;
  /** The time source (frozen in tests). */
  now?: () => number;
  /**
   * Parts another app already has, to share rather than make (two instances deployed with one configuration share
   * their run-time switches, and one inspector shows both): the inspector, the token settings, the session lifetimes.
   * A shared inspector is closed, and its read side (the inspector's routes) served, by its owner.
   */
  inspector?: Inspector;
  tokenSettings?: TokenSettings;
  lifetimes?: SessionLifetimes;
  /** The session-encryption switch and keys (instance B reads and writes the records A does). */
  sessionCipher?: SessionCipher;
}

/** What a plug-in is handed: the parts of the built auth server. */
export interface CoreParts {
  /** What the core was built from (a plug-in that builds another instance starts from them). */
  deps: CoreDeps;
  services: AuthServices;
  inspector: Inspector;
  /** This same app's request handler (for a plug-in that serves it on another port as well). */
  callback: () => http.RequestListener;
  /**
   * The app's own credential readers, for a plug-in that answers some requests itself (a load run's fast lane): the
   * cookie session (the signed cookie, koa-session over the session registry, `ctx.state.auth`) and the access-token
   * reader (jose's verify and the denylist, `ctx.state.token`). The same middleware the app's routes run behind.
   */
  checks: { session: Middleware; token: Middleware };
}

/** A route's own exception to the global guards, declared by the route. */
export interface RouteExemption {
  method: string;
  path: string;
  /** The route checks the Origin itself (the Host/Origin guard still checks the Host). */
  checksOwnOrigin?: boolean;
  /** The route takes `application/x-www-form-urlencoded` besides JSON. */
  acceptsForm?: boolean;
}

/** What a plug-in adds to the auth server: its named, typed extension points. */
export interface CoreExtension {
  /** Routers that read no caller's credential (or check their own), mounted beside the core's open routes. */
  routes?: Router[];
  /** Routers behind the credential readers (cookie session, token), mounted before the core's own. */
  authedRoutes?: Router[];
  /** Requests counted instead of recorded one by one (the exchange log keeps the learner's exchanges). */
  tally?: ExchangeTally;
  /** A tag on every exchange this app records (which instance answered). */
  instance?: HttpInstance;
  /** Routes' own exceptions to the Host/Origin guard and the JSON-only body reader. */
  exemptions?: RouteExemption[];
}

/** A plug-in: given the core's parts, answers what it adds. */
export type CorePlugin = (core: CoreParts) => CoreExtension;

/** The built auth server. */
export interface CoreApp {
  app: Koa;
  services: AuthServices;
  inspector: Inspector;
}

/** A predicate over the exemptions of the plug-ins: whether a request's route declared `flag`. */
function exempt(exemptions: RouteExemption[], flag: 'checksOwnOrigin' | 'acceptsForm'): (ctx: Koa.Context) => boolean {
  const routes = exemptions.filter((route) => route[flag]);
  return (ctx) => routes.some((route) => route.method === ctx.method && route.path === ctx.path);
}

/** The session cipher as the launch configuration has it; with encryption on, a key file that cannot be used stops the start. */
function sessionCipherAtLaunch(config: Config): SessionCipher {
  const keyFile = new SessionKeyFile(config.dataDir);
  const enabled = config.encryptSessions === 'on';
  if (enabled) {
    try {
      keyFile.keys();
    } catch (error) {
      throw new StartupError((error as Error).message, { cause: error });
    }
  }
  return new SessionCipher(keyFile, enabled);
}

/**
 * Builds the auth server without listening: store, accounts, cookie sessions, tokens, health, JWKS, the JWT inspect
 * route, and the inspector's recording and read side. Plug-ins (the labs) add routes and hooks through
 * {@link CoreExtension}. Order matters: the recorder outermost, then errors, headers, the Host/Origin guard, the
 * JSON body reader, the API routes (one dispatch over the routers; 405 for a known path with another method), and the renderer's files; what
 * nobody answered becomes a JSON 404 in the error handler. The cookie session is read only on the routes that use it.
 */
export function createCoreApp(deps: CoreDeps, plugins: CorePlugin[] = []): CoreApp {
  const now = deps.now ?? Date.now;
  const { config, store, accounts, closers } = deps;
  const signer = new CookieSigner(deps.secrets.cookieKeys);
  // The app's cookie keys are the signer (Koa's signed cookies accept any KeyGrip-like object): set here, by the app's owner.
  const app = new Koa({ proxy: false, keys: signer as unknown as string[] });
  const audit = new AuditLog(accounts.db, now);
  const lifetimes: SessionLifetimes = deps.lifetimes ?? configuredLifetimes(config);
  const cipher = deps.sessionCipher ?? sessionCipherAtLaunch(config);
  const registry = new SessionRegistry(store, audit, lifetimes, cipher, now);
  const throttle = new LoginThrottle(store, audit, {
    maxFailures: config.loginMaxFailures,
    maxPerAddress: config.loginMaxPerAddress,
    windowMs: config.loginWindowMs,
  });
  const settings = deps.tokenSettings ?? initialTokenSettings(config);
  const accessDeps: AccessTokenDeps = {
    keys: deps.keys,
    store,
    settings,
    clockToleranceMs: config.clockToleranceMs,
    now,
    accounts,
  };
  const refresh = new RefreshTokens(store, {
    ttlMs: config.refreshTokenTtlMs,
    maxAgeMs: config.refreshMaxAgeMs,
    // The longest an access token issued now may verify: the lab switch may have lengthened the configured lifetime.
    accessLifetimeMs: () => Math.max(config.accessTokenTtlMs, settings.accessTtlMs) + config.clockToleranceMs + 1_000,
    now,
  });
  const tokens: TokenServices = { keys: deps.keys, settings, refresh, accessDeps };
  const sealer = new SecretSealer(deps.secrets.cookieKeys[0]!);
  const services: AuthServices = {
    config,
    store,
    accounts,
    audit,
    passwords: deps.passwords,
    registry,
    lifetimes,
    throttle,
    tokens,
    signer,
    sealer,
    cipher,
    accountPolicy: { roleChangeEndsSessions: true },
    now,
  };

  const inspector = deps.inspector ?? new Inspector(store, deps.hub, now);
  if (!deps.inspector) closers.add(() => inspector.close());

  const session = cookieSession({
    app,
    config,
    lifetimes,
    registry,
    accounts,
    audit,
    signer,
    logger: deps.logger,
    now,
  });
  // ctx.session's accessors, on this app's context: here, once, by the app's owner (the factory changes nothing).
  Object.defineProperties(app.context, session.contextProperties);
  const readSession = session.middleware;
  // One token reader for both routers: the authenticated one, and the token half's own.
  const readToken = tokenAuth({ ...accessDeps, signer });
  const checks = { session: readSession, token: readToken };
  const extensions = plugins.map((plugin) =>
    plugin({ deps, services, inspector, callback: () => app.callback(), checks }),
  );
  const exemptions = extensions.flatMap((extension) => extension.exemptions ?? []);
  const tallies = extensions.flatMap((extension) => (extension.tally ? [extension.tally] : []));
  // One tally (the labs') is the recorder's as it is: no search over a list, three times per counted request.
  const tally: ExchangeTally | undefined =
    tallies.length <= 1
      ? tallies[0]
      : {
          matches: (ctx) => tallies.some((t) => t.matches(ctx)),
          count: (ctx, ms) => tallies.find((t) => t.matches(ctx))?.count(ctx, ms),
          answer: (ctx, next) => tallies.find((t) => t.matches(ctx))?.answer?.(ctx, next) ?? next(),
        };
  const instance = extensions.findLast((extension) => extension.instance)?.instance;

  const authed = createRouter();
  authed.use(readSession);
  authed.use(readToken);
  for (const extension of extensions) for (const router of extension.authedRoutes ?? []) authed.use(router.routes());
  for (const routes of [sessionRoutes, mfaRoutes, usersRoutes, auditRoutes, whoamiRoutes])
    authed.use(routes(services).routes());
  // The token half reads the token alone: a session cookie the browser sends along is neither read nor renewed, so
  // a token call never touches the store's session keys.
  const tokenOnly = createRouter();
  tokenOnly.use(readToken);
  tokenOnly.use(tokenRoutes(services).routes());
  // The app that owns the inspector serves its read side; an app handed another's inspector only records into it.
  const inspectorApi = deps.inspector
    ? []
    : [
        inspectorRoutes({
          store,
          hub: deps.hub,
          labKey: deps.labKey,
          exchanges: () => inspector.exchanges(),
          version: deps.version,
          decode: (key, raw) => decodeAppKey(key, raw, accounts, lifetimes, cipher),
          cipher,
        }),
      ];
  // The debugger reads no caller's credentials (a stale token cookie must not refuse it): it stays outside the authenticated router.
  const routers: Router[] = [
    healthRoutes({
      store,
      storeReason: deps.storeReason,
      cookieName: config.cookieName,
      rememberMeTtlMs: config.rememberMeTtlMs,
      version: deps.version,
      startedAt: now(),
      now,
    }),
    demoAccountRoutes(accounts),
    jwksRoutes(deps.keys),
    jwtInspectRoutes(services),
    ...extensions.flatMap((extension) => extension.routes ?? []),
    ...inspectorApi,
    tokenOnly,
    authed,
  ];

  // What reaches Koa's own error event comes after the answer was sent: a stream the client closed (an
  // event-stream tab going away) is normal; anything else is logged once.
  app.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE' && error.code !== 'ECONNRESET')
      deps.logger.error({ err: error }, 'error after the response began');
  });
  const door = hostCheck({ ownOriginCheck: exempt(exemptions, 'checksOwnOrigin') });
  // The inspector is left unrecorded whatever the case of its path, so capitals can never put its key in a recording;
  // so is what the Host/Origin guard refuses at the door: any page that can reach the port could fill the log.
  app.use(
    inspector.recorder(
      (ctx) => ctx.path.toLowerCase().startsWith(INSPECTOR_PREFIX) || door(ctx) !== null,
      tally,
      instance,
    ),
  );
  app.use(errorHandler(deps.logger));
  app.use(securityHeaders());
  app.use(hostGuard(door));
  app.use(jsonBody(config.bodyLimitBytes, { acceptsForm: exempt(exemptions, 'acceptsForm') }));
  app.use(dispatch(routers));
  app.use(rendererFiles(deps.rendererDir));
  return { app, services, inspector };
}
