import { accessSync, constants, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type Koa from 'koa';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import path from 'node:path';
import { Accounts } from './accounts/accounts.ts';
import { seedDemoAccounts } from './accounts/demo-accounts.ts';
import { PasswordHasher } from './accounts/password.ts';
import { createApp } from './app.ts';
import { loadSecrets } from './auth/secrets.ts';
import { EventHub } from './inspector/event-hub.ts';
import { EvilOrigin } from './lab/evil-origin.ts';
import { SessionMetrics } from './inspector/session-metrics.ts';
import { LatencyWindow, measureStore } from './store/latency-window.ts';
import { KeyRing } from './tokens/key-ring.ts';
import type { Config } from './config.ts';
import { StartupError } from './errors.ts';
import { createLogger } from './logger.ts';
import { defaultRendererDir, packageVersion } from './package-root.ts';
import { openStore } from './store/open-store.ts';
import type { KeyStore } from './store/types.ts';

/** The loopback address the server binds; it never listens anywhere else. */
export const LOOPBACK_HOST = '127.0.0.1';

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
  const evilOrigin = new EvilOrigin();
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
    evilOrigin,
  });
  const server = createHttpServer(app);
  try {
    await listen(server, config.port);
  } catch (error) {
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
        await evilOrigin.close();
        hub.close();
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        // A keep-alive connection turns idle when its last response is sent: close it then, not at its timeout.
        const sweep = setInterval(() => server.closeIdleConnections(), 25);
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await drained;
        clearInterval(sweep);
        clearTimeout(timer);
        await store.close();
        accounts.close();
        logger.info('server closed');
      })();
      return closing;
    },
  };
}

/** The HTTP server around an app: a request timeout, and JSON answers to requests Node's parser refuses. */
export function createHttpServer(app: Koa): http.Server {
  const server = http.createServer({ requestTimeout: 30_000 }, app.callback());
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));
  return server;
}

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new StartupError(`cannot use data dir "${dir}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(`port ${port} on ${LOOPBACK_HOST} is already in use; pick another with --port or use --port 0`));
      else if (error.code === 'EACCES') reject(new StartupError(`not allowed to listen on port ${port} of ${LOOPBACK_HOST}`));
      else reject(error);
    };
    server.once('error', onError);
    server.listen(port, LOOPBACK_HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Requests Node's parser rejects (bad header syntax, headers too large) still get the JSON error shape. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'BAD_REQUEST', 'The request took too long to arrive']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
