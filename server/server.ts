import { accessSync, constants, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import path from 'node:path';
import { Accounts } from './accounts/accounts.ts';
import { seedDemoAccounts } from './accounts/demo-accounts.ts';
import { PasswordHasher } from './accounts/password.ts';
import { createApp } from './app.ts';
import { Closers } from './closers.ts';
import { loadSecrets } from './auth/secrets.ts';
import { EventHub } from './inspector/event-hub.ts';
import { SessionMetrics } from './inspector/session-metrics.ts';
import { LatencyWindow, measureStore } from './store/latency-window.ts';
import { KeyRing } from './tokens/key-ring.ts';
import type { Config } from './config.ts';
import { StartupError } from './errors.ts';
import { closeHttpServer, createHttpServer, listen, LOOPBACK_HOST } from './http-server.ts';
import { createLogger } from './logger.ts';
import { defaultRendererDir, packageVersion } from './package-root.ts';
import { openStore } from './store/open-store.ts';
import type { KeyStore } from './store/types.ts';

/** A listening server. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** This launch's lab key (the inspector needs it). */
  labKey: string;
  port: number;
  /** The config it was started with. */
  config: Config;
  store: KeyStore;
  storeReason: string;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the store. Idempotent. */
  close(graceMs?: number): Promise<void>;
}

/** Optional parts a caller (a test, the Electron shell) supplies instead of the defaults. */
export interface StartOptions {
  logger?: Logger;
  rendererDir?: string;
  /** The password hasher (tests pass a cheaper scrypt cost). */
  passwords?: PasswordHasher;
  /** The lab key (random per launch unless given). */
  labKey?: string;
}

/** The accounts database's file name inside the data dir. */
export const ACCOUNTS_FILE = 'accounts.sqlite';

/**
 * Owns the port: checks the data dir, chooses and opens the store, builds the app and listens on
 * 127.0.0.1. Failures a user can fix (unwritable data dir, port in use) are {@link StartupError}s.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  ensureWritableDir(config.dataDir);
  const { store, reason } = await openStore(config, logger);
  logger.info({ store: store.kind }, `store: ${reason}`);
  const accounts = new Accounts(path.join(config.dataDir, ACCOUNTS_FILE));
  const passwords = options.passwords ?? new PasswordHasher();
  const hub = new EventHub({ ringSize: 5_000, maxBufferedBytes: 1_048_576 });
  const labKey = options.labKey ?? randomBytes(24).toString('base64url');
  const heartbeat = setInterval(() => hub.heartbeat(), 15_000);
  heartbeat.unref();
  await passwords.prepare();
  if (config.demoAccounts) {
    const made = await seedDemoAccounts(accounts, passwords);
    if (made > 0) logger.info(`made ${made} demo accounts (their passwords are on the login screen)`);
  }
  // The labs' own servers and processes (the evil origin, a load run, lab 9's instance B), stopped at close.
  const closers = new Closers();
  const latency = new LatencyWindow();
  const metrics = new SessionMetrics(store, hub, latency);
  const app = createApp({
    config,
    store: measureStore(store, latency),
    storeReason: reason,
    accounts,
    passwords,
    secrets: loadSecrets(config.dataDir),
    keys: await KeyRing.open(config.dataDir),
    hub,
    labKey,
    logger,
    version: packageVersion(),
    rendererDir: options.rendererDir ?? defaultRendererDir(),
    closers,
  });
  const server = createHttpServer(app);
  try {
    await listen(server, config.port);
  } catch (error) {
    await closers.closeAll();
    await store.close();
    accounts.close();
    throw error;
  }
  metrics.start(1_000);
  const { port } = server.address() as AddressInfo;
  const url = `http://${LOOPBACK_HOST}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    labKey,
    port,
    config,
    store,
    storeReason: reason,
    close(graceMs = 5_000) {
      closing ??= (async () => {
        clearInterval(heartbeat);
        metrics.stop();
        for (const failure of await closers.closeAll()) logger.warn({ err: failure }, 'a lab part did not stop cleanly');
        hub.close();
        await closeHttpServer(server, graceMs);
        await store.close();
        accounts.close();
        logger.info('server closed');
      })();
      return closing;
    },
  };
}

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new StartupError(`cannot use data dir "${dir}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
