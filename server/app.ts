import { randomBytes } from 'node:crypto';
import Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from 'pino';
import type { Accounts } from './accounts/accounts.ts';
import { AuditLog } from './accounts/audit-log.ts';
import type { PasswordHasher } from './accounts/password.ts';
import type { AuthServices, TokenServices } from './auth/auth-services.ts';
import { decodeAppKey } from './inspector/decode-key.ts';
import type { EventHub } from './inspector/event-hub.ts';
import { Inspector } from './inspector/inspector.ts';
import type { HttpInstance } from './inspector/exchange-recorder.ts';
import { INSPECTOR_PREFIX, inspectorRoutes } from './routes/inspector.ts';
import { jwksRoutes } from './routes/jwks.ts';
import { jwtInspectRoutes } from './routes/jwt-inspect.ts';
import { labRoutes } from './routes/lab.ts';
import { labTokenSizeRoutes } from './routes/lab-token-size.ts';
import { labSessionSettingsRoutes } from './routes/lab-session-settings.ts';
import { labStoreOutageRoutes } from './routes/lab-store-outage.ts';
import { labCsrfRoutes } from './routes/lab-csrf.ts';
import { labEvilOriginRoutes } from './routes/lab-evil-origin.ts';
import { labPageRoutes } from './routes/lab-pages.ts';
import { labXssSiteRoutes } from './routes/lab-xss-site.ts';
import { XssSite } from './lab/xss-site.ts';
import { EvilOrigin } from './lab/evil-origin.ts';
import { API_PATHS } from '../shared/api/paths.ts';
import { labLoadRoutes } from './routes/lab-load.ts';
import { LoadLab } from './lab/load-run.ts';
import { SecondInstance } from './lab/second-instance.ts';
import { labSecondInstanceRoutes } from './routes/lab-second-instance.ts';
import { Closers } from './closers.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { whoamiRoutes } from './routes/whoami.ts';
import type { AccessTokenDeps } from './tokens/access-tokens.ts';
import type { KeyRing } from './tokens/key-ring.ts';
import { RefreshTokens } from './tokens/refresh-tokens.ts';
import { tokenAuth } from './tokens/token-auth.ts';
import { initialTokenSettings, type TokenSettings } from './tokens/token-settings.ts';
import { CookieSigner } from './auth/cookie-signer.ts';
import { SecretSealer } from './auth/sealed-secret.ts';
import { cookieSession } from './auth/cookie-session.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import type { Secrets } from './auth/secrets.ts';
import { SESSION_KEY_PREFIX } from './auth/session-keys.ts';
import { SessionRegistry, type SessionLifetimes } from './auth/session-registry.ts';
import type { Config } from './config.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { hostCheck, hostGuard } from './middleware/host-guard.ts';
import { jsonBody } from './middleware/json-body.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { healthRoutes } from './routes/health.ts';
import { rendererFiles } from './routes/renderer.ts';
import { createRouter } from './routes/router.ts';
import { auditRoutes } from './routes/audit.ts';
import { demoAccountRoutes } from './routes/demo-accounts.ts';
import { mfaRoutes } from './routes/mfa.ts';
import { sessionRoutes } from './routes/session.ts';
import { usersRoutes } from './routes/users.ts';
import type { KeyStore } from './store/types.ts';

/** Everything the app is built from; nothing is imported as a singleton. */
export interface AppDeps {
  config: Config;
  store: KeyStore;
  /** Why this store was chosen, for /health. */
  storeReason: string;
  /** The accounts database (users and the audit trail). */
  accounts: Accounts;
  /** The JWT signing keys. */
  keys: KeyRing;
  /** The inspector's event stream (the caller closes it with the server). */
  hub: EventHub;
  /** This launch's random key, without which the inspector answers 401 LAB_KEY_REQUIRED. */
  labKey: string;
  passwords: PasswordHasher;
  secrets: Secrets;
  logger: Logger;
  version: string;
  /** Where the built renderer lives. */
  rendererDir: string;
  /** The time source (frozen in tests). */
  now?: () => number;
  /** The attacker's server of labs 5 and 6 (started on demand; the caller closes it with the server). */
  evilOrigin?: EvilOrigin;
  /** Where the app hands what must stop with the server (the labs' servers and processes); the caller runs them at close. */
  closers?: Closers;
  /** Set only when this app is lab 9's second instance: what it shares with the first. */
  peer?: PeerDeps;
}

/**
 * What lab 9's second instance shares with the first, besides the config, secrets, keys and accounts: the
 * inspector (its exchanges show in the same log, tagged), and the run-time switches (token settings, session
 * lifetimes), as two instances deployed with one configuration would.
 */
export interface PeerDeps {
  inspector: Inspector;
  tokenSettings: TokenSettings;
  lifetimes: SessionLifetimes;
  tag: HttpInstance;
}

/**
 * Builds the Koa app without listening. Order matters: errors are rendered outermost, then headers,
 * the Host/Origin guard, the JSON body reader, the API routes (405 for a known path with another
 * method), and the renderer's files; what nobody answered becomes a JSON 404 in the error handler.
 * The cookie session is read only on the routes that use it.
 */
export function createApp(deps: AppDeps): Koa {
  const now = deps.now ?? Date.now;
  const app = new Koa({ proxy: false });
  const { config, store, accounts, peer } = deps;
  const closers = deps.closers ?? new Closers();
  const audit = new AuditLog(accounts.db, now);
  const lifetimes: SessionLifetimes = peer?.lifetimes ?? { idleTtlMs: config.sessionIdleTtlMs, absoluteTtlMs: config.sessionAbsoluteTtlMs, touchMs: config.sessionTouchMs, limit: config.sessionLimit };
  const registry = new SessionRegistry(store, audit, lifetimes, now);
  const throttle = new LoginThrottle(store, audit, { maxFailures: config.loginMaxFailures, windowMs: config.loginWindowMs });
  // An idle session ends by its key's TTL, with no request to see it: the change feed tells the audit trail
  // (the first instance's: a second instance on the same store would record every expiry again).
  if (!peer) {
    closers.add(
      store.onChange((change) => {
        if (change.op === 'expired' && change.key.startsWith(SESSION_KEY_PREFIX)) {
          const sid = change.key.slice(SESSION_KEY_PREFIX.length);
          audit.record({ event: 'expired', sid, userId: audit.userOfSession(sid), detail: 'key TTL reached (idle timeout, or the absolute lifetime)' });
        }
      }),
    );
  }
  const signer = new CookieSigner(deps.secrets.cookieKeys);
  const settings = peer?.tokenSettings ?? initialTokenSettings(config);
  const accessDeps: AccessTokenDeps = { keys: deps.keys, store, settings, clockToleranceMs: config.clockToleranceMs, now, accounts };
  const refresh = new RefreshTokens(store, {
    ttlMs: config.refreshTokenTtlMs,
    maxAgeMs: config.refreshMaxAgeMs,
    // The longest an access token issued now may verify: the lab switch may have lengthened the configured lifetime.
    accessLifetimeMs: () => Math.max(config.accessTokenTtlMs, settings.accessTtlMs) + config.clockToleranceMs + 1_000,
    now,
  });
  const tokens: TokenServices = { keys: deps.keys, settings, refresh, accessDeps };
  const sealer = new SecretSealer(deps.secrets.cookieKeys[0]!);
  const services: AuthServices = { config, store, accounts, audit, passwords: deps.passwords, registry, lifetimes, throttle, tokens, signer, sealer, now };

  const inspector = peer?.inspector ?? new Inspector(store, deps.hub, now);
  if (!peer) closers.add(() => inspector.close());
  const load = new LoadLab({ hub: deps.hub, accounts, logger: deps.logger, now });
  closers.add(() => load.stop());

  const health = healthRoutes({ store, storeReason: deps.storeReason, cookieName: config.cookieName, version: deps.version, startedAt: now(), now });
  const authed = createRouter();
  authed.use(cookieSession({ app, config, lifetimes, registry, accounts, audit, signer, logger: deps.logger, now }));
  authed.use(tokenAuth({ ...accessDeps, signer }));
  for (const routes of [sessionRoutes, mfaRoutes, usersRoutes, auditRoutes, tokenRoutes, whoamiRoutes]) authed.use(routes(services).routes());
  // The debugger and the token-size lab read no caller's credentials (a stale token cookie must not refuse them): they stay outside the authenticated router.
  const routers: Router[] = [health, demoAccountRoutes(accounts), jwksRoutes(deps.keys), jwtInspectRoutes(services)];

  // The inspector and the labs' tools are the first instance's own: lab 9's instance B is the app a learner's
  // requests reach, without them (no vulnerable page, no CSRF target, no attacker's tools).
  if (!peer) {
    const evilOrigin = deps.evilOrigin ?? new EvilOrigin(now);
    if (!deps.evilOrigin) closers.add(() => evilOrigin.close());
    // Lab 9's instance B: this same factory again, on another port, sharing what two deployed instances share.
    const secondInstance = new SecondInstance({
      sharedStore: store,
      now,
      build: (instanceStore, mode, instanceClosers) =>
        createApp({
          ...deps,
          store: instanceStore,
          storeReason: mode === 'shared' ? `lab 9's instance B, on the first instance's store (${deps.storeReason})` : "lab 9's instance B, on an in-memory store of its own",
          // Nobody is told B's lab key: the lab drives B through A's replay.
          labKey: randomBytes(24).toString('base64url'),
          evilOrigin: undefined,
          closers: instanceClosers,
          peer: { inspector, tokenSettings: settings, lifetimes, tag: { name: 'B', store: mode } },
        }),
    });
    closers.add(() => secondInstance.close());
    // Lab 5's site: this app again, on a port of its own, answering its vulnerable page and two token routes only.
    const xssSite = new XssSite(() => app.callback());
    closers.add(() => xssSite.close());
    // Before the lab router, whose access check (lab key, or a credential with its CSRF token) covers all of /lab/: this target's defences are its own.
    authed.use(labCsrfRoutes(config, deps.labKey).routes());
    authed.use(labRoutes(services, deps.labKey, secondInstance).routes());
    authed.use(labSessionSettingsRoutes(lifetimes, config, deps.labKey).routes());
    authed.use(labStoreOutageRoutes(store, deps.labKey, now).routes());
    const inspectorApi = inspectorRoutes({
      store,
      hub: deps.hub,
      labKey: deps.labKey,
      exchanges: () => inspector.exchanges(),
      version: deps.version,
      decode: (key, raw) => decodeAppKey(key, raw, accounts, lifetimes),
    });
    routers.push(
      labTokenSizeRoutes(services, deps.labKey),
      labLoadRoutes(load, deps.labKey),
      labSecondInstanceRoutes(secondInstance, deps.labKey),
      labEvilOriginRoutes(evilOrigin, deps.labKey),
      labXssSiteRoutes(xssSite, deps.labKey),
      labPageRoutes(evilOrigin, xssSite),
      inspectorApi,
    );
  }
  routers.push(authed);

  // What reaches Koa's own error event comes after the answer was sent: a stream the client closed (an
  // event-stream tab going away) is normal; anything else is logged once.
  app.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE' && error.code !== 'ECONNRESET') deps.logger.error({ err: error }, 'error after the response began');
  });
  // Lab 6's target checks the Origin itself (switchably) and takes a form: a cross-site form must reach it.
  const csrfTarget = (ctx: Koa.Context) => ctx.method === 'POST' && ctx.path === API_PATHS.labCsrfTransfer;
  const door = hostCheck({ ownOriginCheck: csrfTarget });
  // The inspector is left unrecorded whatever the case of its path, so capitals can never put its key in a recording;
  // so is what the Host/Origin guard refuses at the door: any page that can reach the port could fill the log.
  // A load run's requests are counted into its `load` events, not recorded one by one (see LoadLab).
  app.use(inspector.recorder((ctx) => ctx.path.toLowerCase().startsWith(INSPECTOR_PREFIX) || door(ctx) !== null, load.tally, peer?.tag));
  app.use(errorHandler(deps.logger));
  app.use(securityHeaders());
  app.use(hostGuard(door));
  app.use(jsonBody(config.bodyLimitBytes, { acceptsForm: csrfTarget }));
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  app.use(rendererFiles(deps.rendererDir));
  return app;
}
