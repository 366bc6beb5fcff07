import { accessSync, constants, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { Accounts } from './accounts/accounts.ts';
import { seedDemoAccounts } from './accounts/demo-accounts.ts';
import { PasswordHasher } from './accounts/password.ts';
import { loadSecrets } from './auth/secrets.ts';
import { Closers } from './closers.ts';
import type { Config } from './config.ts';
import { auditExpiries } from './auth/expiry-audit.ts';
import { createCoreApp } from './core-app.ts';
import { StartupError } from './errors.ts';
import { EventHub } from './inspector/event-hub.ts';
import { SessionMetrics } from './inspector/session-metrics.ts';
import { labs } from './labs/index.ts';
import { EvilOrigin } from './labs/evil-origin.ts';
import { createLogger } from './logger.ts';
import { defaultRendererDir, packageVersion } from './package-root.ts';
import { LatencyWindow, measureStore } from './store/latency-window.ts';
import { currentStoreTime } from './inspector/store-time.ts';
import { openStore } from './store/open-store.ts';
import { migrateSessions, type MigrationOutcome } from './migrate-sessions.ts';
import type { KeyStore } from './store/types.ts';
import { KeyRing } from './tokens/key-ring.ts';

/** The accounts database's file name inside the data dir. */
export const ACCOUNTS_FILE = 'accounts.sqlite';

/** The steps of {@link assembleServer}, in order. */
export const ASSEMBLY_STEPS = [
  'data-dir',
  'store',
  'accounts',
  'passwords',
  'demo-accounts',
  'secrets',
  'key-ring',
  'event-hub',
  'metrics',
  'app',
  'migrate',
] as const;
export type AssemblyStep = (typeof ASSEMBLY_STEPS)[number];

/** What a caller (the CLI, the Electron shell, a test) may supply instead of the defaults. */
export interface AssembleOptions {
  logger?: Logger;
  rendererDir?: string;
  /** The password hasher (tests pass a cheaper scrypt cost). */
  passwords?: PasswordHasher;
  /** The lab key (random per launch unless given). */
  labKey?: string;
  /** A store to use instead of the one the config chooses (it is closed with the server). */
  store?: KeyStore;
  /** Why that store, for /health. */
  storeReason?: string;
  /** The time source (frozen in tests). */
  now?: () => number;
  /** Events kept for Last-Event-ID replay. */
  ringSize?: number;
  version?: string;
  /** Called after each key a `--migrate-sessions` copy wrote (a test stops the new store half-way from here). */
  onMigrationProgress?: (copied: number) => void | Promise<void>;
  /** Called before each step: a test throws from it to check that a failure there leaves nothing open. */
  beforeStep?: (step: AssemblyStep) => void;
}

/** Every part of a server, built and not yet listening. */
export interface AssembledServer {
  app: Koa;
  config: Config;
  store: KeyStore;
  storeReason: string;
  accounts: Accounts;
  hub: EventHub;
  /** Not started: the caller starts it once the server listens (a test calls `tick()` itself). */
  metrics: SessionMetrics;
  labKey: string;
  logger: Logger;
  /** The attacker's server of labs 5 and 6. */
  evilOrigin: EvilOrigin;
  /** What `--migrate-sessions` copied into the store before the server answered; null when it was off. */
  migration: MigrationOutcome | null;
  /**
   * Closes everything, in the reverse order of opening, and answers what did not close cleanly. `beforeStores` runs
   * after the labs, the metrics and the event hub (whose streams would hold connections open) have closed, and before
   * the store and the accounts database: where the HTTP server drains. Idempotent.
   */
  close(beforeStores?: () => Promise<unknown>): Promise<unknown[]>;
}

/**
 * The one way a server is put together, used by `startServer` and by the tests: the data dir, the store, the accounts
 * database and its demo accounts, the secrets and the JWT key ring, the inspector's event hub, then the auth server
 * ({@link createCoreApp}) with the labs plugged in. Whatever a step opens is closed by {@link AssembledServer.close};
 * when a step fails, everything opened before it is closed before the error is thrown on.
 */
export async function assembleServer(config: Config, options: AssembleOptions = {}): Promise<AssembledServer> {
  // The store and the accounts database close last (in-flight requests still use them); everything else first.
  const stores = new Closers();
  const closers = new Closers();
  const closeAll = async (beforeStores?: () => Promise<unknown>) => {
    const failures = await closers.closeAll();
    await beforeStores?.();
    return [...failures, ...(await stores.closeAll())];
  };
  const step = (name: AssemblyStep) => options.beforeStep?.(name);
  try {
    step('data-dir');
    ensureWritableDir(config.dataDir);
    const logger = options.logger ?? createLogger(config.logLevel);

    step('store');
    let store: KeyStore;
    let storeReason: string;
    if (options.store) {
      store = options.store;
      stores.add(() => store.close());
      storeReason = options.storeReason ?? `the ${store.kind} store given to the server`;
    } else {
      const chosen = await openStore(config, logger);
      store = chosen.store;
      stores.add(() => store.close());
      storeReason = chosen.reason;
      logger.info({ store: store.kind }, `store: ${storeReason}`);
    }

    step('accounts');
    const accounts = new Accounts(path.join(config.dataDir, ACCOUNTS_FILE), options.now);
    stores.add(() => accounts.close());

    step('passwords');
    const passwords = options.passwords ?? new PasswordHasher();
    // The dummy hash an unknown username is checked against (~100 ms of scrypt) is made on libuv's thread pool while
    // the server starts and listens: /health does not need it, and a login that comes first waits for it. Its failure,
    // if any, is that login's.
    passwords.prepare().catch(() => {});

    step('demo-accounts');
    if (config.demoAccounts) {
      const made = await seedDemoAccounts(accounts, passwords);
      if (made > 0) logger.info(`made ${made} demo accounts (their passwords are on the login screen)`);
    }

    step('secrets');
    const secrets = loadSecrets(config.dataDir);

    step('key-ring');
    const keys = await KeyRing.open(config.dataDir, options.now);

    step('event-hub');
    const hub = new EventHub({ ringSize: options.ringSize ?? 5_000, maxBufferedBytes: 1_048_576 });
    closers.add(() => hub.close());
    const heartbeat = setInterval(() => hub.heartbeat(), 15_000);
    heartbeat.unref();
    closers.add(() => clearInterval(heartbeat));

    step('metrics');
    const latency = new LatencyWindow();
    const metrics = new SessionMetrics(store, hub, latency);
    closers.add(() => metrics.stop());

    step('app');
    const labKey = options.labKey ?? randomBytes(24).toString('base64url');
    const evilOrigin = new EvilOrigin(options.now);
    closers.add(() => evilOrigin.close());
    const { app, services } = createCoreApp(
      {
        config,
        store: measureStore(store, latency, currentStoreTime),
        storeReason,
        accounts,
        passwords,
        secrets,
        keys,
        hub,
        labKey,
        logger,
        version: options.version ?? packageVersion(),
        rendererDir: options.rendererDir ?? defaultRendererDir(),
        closers,
        ...(options.now ? { now: options.now } : {}),
      },
      [labs({ closers, evilOrigin })],
    );
    // This server's instance records its sessions' expiries in the audit trail (lab 9's instance B does not).
    closers.add(auditExpiries(store, services.audit));

    step('migrate');
    // After the inspector subscribed to the store, so the copy's writes are in its command log.
    const migration = await migrateSessions(config, store, logger, options.onMigrationProgress);
    let closing: Promise<unknown[]> | undefined;
    return {
      app,
      config,
      store,
      storeReason,
      accounts,
      hub,
      metrics,
      labKey,
      logger,
      evilOrigin,
      migration,
      close: (beforeStores) => (closing ??= closeAll(beforeStores)),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new StartupError(
      `cannot use data dir "${dir}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
