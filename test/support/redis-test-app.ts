import { afterAll, beforeAll } from 'vitest';
import { RedisStore } from '../../server/store/redis-store.ts';
import { seedUsers } from './seed-users.ts';
import { serve, type Served } from './lab-client.ts';
import { startTestRedis, type TestRedis } from './redis-server.ts';
import { testApp, type TestApp } from './test-app.ts';

/** The app on a redis-server of the describe block's own, served on a port, with the seeded users. */
export interface RedisTestApp {
  redis: TestRedis;
  t: TestApp;
  served: Served;
}

/**
 * Starts, in beforeAll, a redis-server, the app on a RedisStore over it (1 s command timeout) and an HTTP server,
 * and stops them in afterAll. Read the fields inside tests (they are set once beforeAll ran).
 */
export function useRedisTestApp(redisServerBin: string): RedisTestApp {
  const handle = {} as RedisTestApp;
  beforeAll(async () => {
    handle.redis = await startTestRedis(redisServerBin);
    const store = new RedisStore({
      url: handle.redis.url,
      commandTimeoutMs: 1_000,
      sweepIntervalMs: 100,
      namespace: 'sl:',
    });
    await store.waitReady(5_000);
    handle.t = await testApp({ store });
    await seedUsers(handle.t.accounts);
    handle.served = await serve(handle.t.app);
  });
  afterAll(async () => {
    await handle.served?.close();
    await handle.t?.close();
    await handle.redis?.stop();
  });
  return handle;
}
