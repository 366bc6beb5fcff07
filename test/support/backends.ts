import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { clusterKey } from '../../server/store/cluster-keys.ts';
import { RedisStore } from '../../server/store/redis-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { KeyStore } from '../../server/store/types.ts';
import { REDIS_CLI_BIN, REDIS_SERVER_BIN } from './requirements.ts';
import { startTestCluster, type TestCluster } from './redis-cluster.ts';
import { startTestRedis, type TestRedis } from './redis-server.ts';

/** One backend under the contract: set up once per file, a fresh empty store per test. */
export interface Backend {
  name: 'redis' | 'sqlite' | 'redis-cluster';
  setup(): Promise<void>;
  /** A store over an empty keyspace. */
  fresh(): Promise<KeyStore>;
  /** A redis-cli command as this backend really sends it (a cluster tags the key with its family). */
  command(logical: string): string;
  /** Runs `during` while the backend refuses writes (another SQLite connection holds the write lock; Redis wants replicas it lacks). */
  breakWrites(store: KeyStore, during: () => Promise<void>): Promise<void>;
  teardown(): Promise<void>;
}

function sqliteBackend(): Backend {
  let dir = '';
  let n = 0;
  const open: KeyStore[] = [];
  const files = new Map<KeyStore, string>();
  return {
    name: 'sqlite',
    command: (logical) => logical,
    async setup() {
      dir = mkdtempSync(path.join(os.tmpdir(), 'sl-contract-'));
    },
    async fresh() {
      const file = path.join(dir, `store-${n++}.sqlite`);
      const store = new SqliteStore({ file, sweepIntervalMs: 20 });
      open.push(store);
      files.set(store, file);
      return store;
    },
    async breakWrites(store, during) {
      const other = new Database(files.get(store)!);
      other.exec('BEGIN IMMEDIATE');
      try {
        await during();
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
    },
    async teardown() {
      await Promise.all(open.map((store) => store.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function redisBackend(bin: string): Backend {
  let server: TestRedis;
  let admin: Redis;
  const open: KeyStore[] = [];
  return {
    name: 'redis',
    command: (logical) => logical,
    async setup() {
      server = await startTestRedis(bin);
      admin = new Redis(server.url);
    },
    async fresh() {
      await Promise.all(open.splice(0).map((store) => store.close()));
      await admin.flushall();
      const store = new RedisStore({ url: server.url, commandTimeoutMs: 2_000, sweepIntervalMs: 20, namespace: 'sl:' });
      if (!(await store.waitReady(5_000))) throw new Error('test redis-server did not answer');
      open.push(store);
      return store;
    },
    async breakWrites(_store, during) {
      await admin.config('SET', 'min-replicas-to-write', '1');
      try {
        await during();
      } finally {
        await admin.config('SET', 'min-replicas-to-write', '0');
      }
    },
    async teardown() {
      await Promise.all(open.map((store) => store.close()));
      admin?.disconnect();
      await server?.stop();
    },
  };
}

/** A local 3-master Redis Cluster through ioredis' Cluster client. */
function clusterBackend(serverBin: string, cliBin: string): Backend {
  let cluster: TestCluster;
  const open: KeyStore[] = [];
  return {
    name: 'redis-cluster',
    // Every command here names one key, right after the command's name.
    command: (logical) =>
      logical.replace(/^(\S+) (\S+)/, (_, name: string, key: string) => `${name} ${clusterKey(key)}`),
    async setup() {
      cluster = await startTestCluster(serverBin, cliBin);
    },
    async fresh() {
      await Promise.all(open.splice(0).map((store) => store.close()));
      await cluster.flush();
      const store = new RedisStore({
        cluster: cluster.nodes,
        commandTimeoutMs: 2_000,
        sweepIntervalMs: 20,
        namespace: 'sl:',
      });
      if (!(await store.waitReady(10_000))) throw new Error('the test cluster did not answer');
      open.push(store);
      return store;
    },
    async breakWrites(_store, during) {
      await cluster.onEveryMaster((node) => node.config('SET', 'min-replicas-to-write', '1'));
      try {
        await during();
      } finally {
        await cluster.onEveryMaster((node) => node.config('SET', 'min-replicas-to-write', '0'));
      }
    },
    async teardown() {
      await Promise.all(open.map((store) => store.close()));
      await cluster?.stop();
    },
  };
}

/** Every backend that can run here: SQLite always, Redis when redis-server is installed. */
export const BACKENDS: Backend[] = [sqliteBackend(), ...(REDIS_SERVER_BIN ? [redisBackend(REDIS_SERVER_BIN)] : [])];

/** The store contract's and the auth flows' backends: those, and a Redis Cluster when redis-cli is here too. */
export const BACKENDS_WITH_CLUSTER: Backend[] = [
  ...BACKENDS,
  ...(REDIS_SERVER_BIN && REDIS_CLI_BIN ? [clusterBackend(REDIS_SERVER_BIN, REDIS_CLI_BIN)] : []),
];
