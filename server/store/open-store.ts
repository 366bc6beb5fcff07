import path from 'node:path';
import type { Logger } from 'pino';
import type { RedisStore } from './redis-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { KeyStore } from './types.ts';
import type { Config } from '../config.ts';
import { redactUrl } from '../../shared/redis-url.ts';

/** The key prefix of everything Session Lab writes. */
export const KEY_NAMESPACE = 'sl:';

/** The embedded store's file name inside the data dir. */
export const SQLITE_FILE = 'store.sqlite';

/** The store chosen at start-up and why. */
export interface StoreChoice {
  store: KeyStore;
  reason: string;
}

/**
 * The one place that chooses the backend. `auto` uses Redis when it answers PING within
 * `redisProbeTimeoutMs`, else the embedded store; `redis` uses Redis even while it is down (the
 * outage shows in /health and requests get 503 until it is back); `sqlite` never tries Redis.
 */
export async function openStore(config: Config, logger: Logger): Promise<StoreChoice> {
  const redisAt =
    config.redisCluster === 'off' ? redactUrl(config.redisUrl) : `the Redis Cluster ${config.redisCluster}`;
  if (config.store === 'sqlite')
    return { store: openSqlite(config, logger), reason: 'store sqlite: the embedded store was asked for' };
  if (config.store === 'redis') {
    const store = await openRedis(config, logger, config.storeTimeoutMs);
    const up = await store.waitReady(config.storeTimeoutMs);
    return { store, reason: `store redis: using ${redisAt}${up ? '' : ', which does not answer yet'}` };
  }
  const started = performance.now();
  const probe = await openRedis(config, logger, config.redisProbeTimeoutMs);
  if (await probe.waitReady(config.redisProbeTimeoutMs)) {
    const ms = Math.round(performance.now() - started);
    return { store: probe, reason: `auto: Redis at ${redisAt} answered PING in ${ms} ms` };
  }
  const why = probe.status().lastError ?? 'no answer';
  await probe.close();
  return {
    store: openSqlite(config, logger),
    reason: `auto: Redis at ${redisAt} did not answer PING within ${config.redisProbeTimeoutMs} ms (${why}); using the embedded store`,
  };
}

function openSqlite(config: Config, logger: Logger): SqliteStore {
  return new SqliteStore({
    file: path.join(config.dataDir, SQLITE_FILE),
    sweepIntervalMs: config.sweepIntervalMs,
    onListenerError: (error) => logger.error({ err: error }, 'a change-feed listener failed'),
    onBackgroundError: (error) =>
      logger.warn({ err: error }, 'the embedded store could not sweep expired keys; trying again'),
  });
}

/** `host:port,host:port` → the cluster's seed nodes. */
function clusterNodes(seeds: string): { host: string; port: number }[] {
  return seeds.split(',').map((seed) => {
    const at = seed.lastIndexOf(':');
    return { host: seed.slice(0, at), port: Number(seed.slice(at + 1)) };
  });
}

/** Loads the Redis backend (ioredis and its ~50 modules) only when a Redis store is tried: the embedded store starts without it. */
async function openRedis(config: Config, logger: Logger, commandTimeoutMs: number): Promise<RedisStore> {
  const { RedisStore } = await import('./redis-store.ts');
  return new RedisStore({
    ...(config.redisCluster === 'off' ? { url: config.redisUrl } : { cluster: clusterNodes(config.redisCluster) }),
    commandTimeoutMs: Math.max(commandTimeoutMs, config.storeTimeoutMs),
    sweepIntervalMs: config.sweepIntervalMs,
    namespace: KEY_NAMESPACE,
    onListenerError: (error) => logger.error({ err: error }, 'a change-feed listener failed'),
    onExpiryMode: (mode, reason) =>
      logger[mode === 'ttl-polling' ? 'warn' : 'info']({ mode }, `expiry events: ${reason}`),
  });
}
