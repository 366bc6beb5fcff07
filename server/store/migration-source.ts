import { existsSync } from 'node:fs';
import path from 'node:path';
import { SqliteStore } from './sqlite-store.ts';
import type { KeyStore } from './types.ts';
import { KEY_NAMESPACE, SQLITE_FILE } from './open-store.ts';
import { StartupError } from '../errors.ts';
import { isRedisUrl, redactUrl } from '../../shared/redis-url.ts';

/** Where `--migrate-sessions` copies from: `off`, `sqlite` (the data dir's embedded store) or a Redis URL. */
export type MigrationSpec = string;

/** The part of the config a migration source depends on. */
export interface MigrationSourceConfig {
  migrateSessions: MigrationSpec;
  dataDir: string;
  store: 'auto' | 'redis' | 'sqlite';
  redisUrl: string;
  redisCluster: string;
  storeTimeoutMs: number;
}

/** An opened store to copy from, what to call it, and how to close it. */
export interface MigrationSource {
  store: KeyStore;
  /** `the embedded store (…/store.sqlite)` or `Redis at redis://…`, for the learner. */
  name: string;
}

/** Whether `spec` is a value `--migrate-sessions` takes. */
export function isMigrationSpec(spec: string): boolean {
  return spec === 'off' || spec === 'sqlite' || isRedisUrl(spec);
}

/** `redis://127.0.0.1:6379` and `redis://127.0.0.1:6379/0` name the same database. */
function sameRedis(a: string, b: string): boolean {
  const norm = (url: string) => {
    const parsed = new URL(url);
    const db = parsed.pathname.replace(/^\//, '') || '0';
    return `${parsed.protocol}//${parsed.username}@${parsed.hostname}:${parsed.port || '6379'}/${db}`;
  };
  return norm(a) === norm(b);
}

/**
 * Why there is nothing to copy (the spec is `off`, or names the store the server is starting on), or null when
 * there is. `target` is the kind of store the server opened.
 */
export function nothingToMigrate(config: MigrationSourceConfig, target: 'redis' | 'sqlite'): string | null {
  const spec = config.migrateSessions;
  if (spec === 'off') return 'off';
  if (spec === 'sqlite' && target === 'sqlite') return 'the sessions are already in the embedded store';
  if (spec !== 'sqlite' && target === 'redis' && config.redisCluster === 'off' && sameRedis(spec, config.redisUrl))
    return `the sessions are already in Redis at ${redactUrl(spec)}`;
  return null;
}

/** Opens the store `config.migrateSessions` names, to be read only; a {@link StartupError} when it cannot be. */
export async function openMigrationSource(config: MigrationSourceConfig): Promise<MigrationSource> {
  const spec = config.migrateSessions;
  if (spec === 'sqlite') {
    const file = path.join(config.dataDir, SQLITE_FILE);
    if (!existsSync(file)) throw new StartupError(`--migrate-sessions sqlite: there is no embedded store at ${file}`);
    // No sweep while copying: the copy reads each key's PTTL itself, and leaves the old file as it was.
    return {
      store: new SqliteStore({ file, sweepIntervalMs: 3_600_000 }),
      name: `the embedded store (${file})`,
    };
  }
  // Loaded here, not at the top: a start on the embedded store needs no ioredis.
  const { RedisStore } = await import('./redis-store.ts');
  const store = new RedisStore({
    url: spec,
    commandTimeoutMs: config.storeTimeoutMs,
    sweepIntervalMs: 3_600_000,
    namespace: KEY_NAMESPACE,
  });
  if (!(await store.waitReady(config.storeTimeoutMs))) {
    const why = store.status().lastError ?? 'no answer';
    await store.close();
    throw new StartupError(
      `--migrate-sessions: Redis at ${redactUrl(spec)} did not answer within ${config.storeTimeoutMs} ms (${why})`,
    );
  }
  return { store, name: `Redis at ${redactUrl(spec)}` };
}
