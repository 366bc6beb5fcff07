import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { StartupError } from './errors.ts';
import { writeCause } from './inspector/exchange-context.ts';
import { describeMigration, migrateKeys, type MigrationReport } from './store/migrate-keys.ts';
import { nothingToMigrate, openMigrationSource } from './store/migration-source.ts';
import type { KeyStore } from './store/types.ts';
import { redactUrl } from '../shared/redis-url.ts';

/** What `--migrate-sessions` did at start-up. */
export interface MigrationOutcome {
  /** The store the sessions came from, in words. */
  from: string;
  report: MigrationReport;
  /** One line for the learner: where from and what moved. */
  summary: string;
}

/**
 * Runs `--migrate-sessions`: opens the store it names, copies the credentials' keys into `store` (the one this server
 * starts on) with their remaining TTLs, and closes the old one again without changing it. The copy's writes are
 * announced with the cause `migration`, so the inspector shows them. Null when there is nothing to copy (the flag
 * is off, or names the store starting). A failure is a {@link StartupError}: the server does not start, and the old
 * store holds everything it held.
 */
export async function migrateSessions(
  config: Config,
  store: KeyStore,
  logger: Logger,
  onProgress?: (copied: number) => void | Promise<void>,
): Promise<MigrationOutcome | null> {
  const skip = nothingToMigrate(config, store.kind);
  if (skip !== null) {
    if (skip !== 'off') logger.info(`--migrate-sessions: nothing to copy, ${skip}`);
    return null;
  }
  if (!store.status().connected) {
    const where =
      config.redisCluster === 'off'
        ? `Redis at ${redactUrl(config.redisUrl)}`
        : `the Redis Cluster ${config.redisCluster}`;
    throw new StartupError(
      `the sessions could not be copied: ${where} did not answer within ${config.storeTimeoutMs} ms (${store.status().lastError ?? 'no answer'}); nothing was changed`,
    );
  }
  const source = await openMigrationSource(config);
  try {
    const report = await writeCause.run('migration', () =>
      migrateKeys(source.store, store, onProgress ? { onProgress } : {}),
    );
    const summary = `sessions moved from ${source.name}: ${describeMigration(report)}`;
    logger.info({ migration: report }, summary);
    return { from: source.name, report, summary };
  } catch (error) {
    throw new StartupError(`${(error as Error).message}; ${source.name} is unchanged`, { cause: error });
  } finally {
    await source.store.close();
  }
}
