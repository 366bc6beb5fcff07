import type { AddressInfo } from 'node:net';
import { assembleServer, type AssembleOptions } from './assemble.ts';
import type { Config } from './config.ts';
import { closeHttpServer, createHttpServer, listen, LOOPBACK_HOST } from './http-server.ts';
import type { MigrationOutcome } from './migrate-sessions.ts';
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
  /** Why this store, and what `--migrate-sessions` copied into it, if it ran. */
  storeReason: string;
  /** What `--migrate-sessions` copied into the store before the server answered; null when it was off. */
  migration: MigrationOutcome | null;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the store. Idempotent. */
  close(graceMs?: number): Promise<void>;
}

/** Optional parts a caller (a test, the Electron shell) supplies instead of the defaults. */
export type StartOptions = Pick<
  AssembleOptions,
  'logger' | 'rendererDir' | 'passwords' | 'labKey' | 'onMigrationProgress'
>;

/**
 * Owns the port: assembles the server ({@link assembleServer}) and listens on 127.0.0.1. Failures a user can fix
 * (unwritable data dir, port in use) are {@link StartupError}s; whatever was opened before a failure is closed.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const parts = await assembleServer(config, options);
  const { logger, metrics, store } = parts;
  const server = createHttpServer(parts.app);
  try {
    await listen(server, config.port);
  } catch (error) {
    await parts.close();
    throw error;
  }
  metrics.start(1_000);
  const { port } = server.address() as AddressInfo;
  const url = `http://${LOOPBACK_HOST}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    labKey: parts.labKey,
    port,
    config,
    store,
    storeReason: parts.migration ? `${parts.storeReason}; ${parts.migration.summary}` : parts.storeReason,
    migration: parts.migration,
    close(graceMs = 5_000) {
      closing ??= (async () => {
        const failures = await parts.close(() => closeHttpServer(server, graceMs));
        for (const failure of failures) logger.warn({ err: failure }, 'a part did not stop cleanly');
        logger.info('server closed');
      })();
      return closing;
    },
  };
}
