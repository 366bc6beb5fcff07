import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../../server/store/redis-store.ts';
import { LabClient, serve, type Served } from '../../support/lab-client.ts';
import { REDIS_CLI_BIN, REDIS_SERVER_BIN } from '../../support/requirements.ts';
import { startTestCluster, type TestCluster } from '../../support/redis-cluster.ts';
import { seedUsers } from '../../support/seed-users.ts';
import { testApp, type TestApp } from '../../support/test-app.ts';

const USERS = 12;

/** Every key each master holds under `match`, by a SCAN of that master alone, in the order of the masters' addresses. */
async function keysOnEachMaster(cluster: TestCluster, match: string): Promise<string[][]> {
  const each = new Map<string, string[]>();
  await cluster.onEveryMaster(async (node) => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, page] = await node.scan(cursor, 'MATCH', match, 'COUNT', 500);
      keys.push(...page);
      cursor = next;
    } while (cursor !== '0');
    each.set(`${node.options.host}:${String(node.options.port).padStart(5, '0')}`, keys);
  });
  return [...each.keys()].sort().map((address) => each.get(address)!);
}

// Issue 22: each user's keys carry the user's hash tag, so users spread over the cluster's masters; a check still
// finds its key from the credential alone.
describe.runIf(REDIS_SERVER_BIN && REDIS_CLI_BIN)('a Redis Cluster spreads sessions and refresh tokens by user', () => {
  let cluster: TestCluster;
  let store: RedisStore;
  let t: TestApp;
  let served: Served;
  beforeAll(async () => {
    cluster = await startTestCluster(REDIS_SERVER_BIN!, REDIS_CLI_BIN!);
    store = new RedisStore({ cluster: cluster.nodes, commandTimeoutMs: 2_000, sweepIntervalMs: 50, namespace: 'sl:' });
    if (!(await store.waitReady(10_000))) throw new Error('the test cluster did not answer');
    t = await testApp({ store });
    await seedUsers(t.accounts);
    served = await serve(t.app);
  }, 60_000);
  afterAll(async () => {
    await served?.close();
    await t?.close();
    await store?.close();
    await cluster?.stop();
  });

  it('12 users × (2 cookie sessions + 1 token login): every master holds session keys, none more than 60 %', async () => {
    const admin = new LabClient(served.url);
    expect((await admin.login('admin', 'admin-lab-pass')).status).toBe(200);
    const browsers: LabClient[] = [];
    for (let n = 1; n <= USERS; n++) {
      const username = `spread${String(n).padStart(2, '0')}`;
      const password = `${username}-strong-pass-7`;
      const created = await admin.post('/api/v1/users', { username, email: `${username}@example.test`, password });
      expect(created.status).toBe(201);
      for (const browser of [new LabClient(served.url, 'Laptop'), new LabClient(served.url, 'Phone')]) {
        expect((await browser.login(username, password)).status).toBe(200);
        browsers.push(browser);
      }
      const token = await admin.agent.post('/api/v1/token/login').send({ username, password });
      expect(token.status).toBe(200);
    }
    // Each check still finds its session from the cookie alone.
    for (const browser of browsers) expect((await browser.get('/api/v1/session/me')).status).toBe(200);

    const sessions = (await keysOnEachMaster(cluster, 'sl:{*}:sess:*')).map((keys) => keys.length);
    const total = sessions.reduce((sum, n) => sum + n, 0);
    // The admin's own session is one more.
    expect(total).toBe(USERS * 2 + 1);
    expect(sessions.every((n) => n > 0)).toBe(true);
    expect(Math.max(...sessions) / total).toBeLessThanOrEqual(0.6);

    // Each session sits on the master of its user's index (one slot: the MULTI that wrote them both).
    const indexes = await keysOnEachMaster(cluster, 'sl:{*}:user_sessions:*');
    const onMaster = await keysOnEachMaster(cluster, 'sl:{*}:sess:*');
    for (const [master, keys] of onMaster.entries())
      for (const key of keys) {
        const tag = key.slice(0, key.indexOf('}') + 1);
        expect(indexes[master]!.some((index) => index.startsWith(tag))).toBe(true);
      }
    // Refresh tokens spread the same way.
    const refresh = (await keysOnEachMaster(cluster, 'sl:{*}:refresh:*')).map((keys) => keys.length);
    expect(refresh.reduce((sum, n) => sum + n, 0)).toBe(USERS);
    expect(refresh.filter((n) => n > 0).length).toBeGreaterThan(1);
  });
});
