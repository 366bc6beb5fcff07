import { useRedisTestApp } from '../../support/redis-test-app.ts';
import { describe, expect, it } from 'vitest';
import { RedisStore } from '../../../server/store/redis-store.ts';
import { storeOutageResponseSchema } from '../../../shared/api/lab-outage.ts';
import type { StoreStatusChange } from '../../../shared/store-events.ts';
import { LabClient, serve } from '../../support/lab-client.ts';
import { REDIS_SERVER_BIN } from '../../support/requirements.ts';
import { TEST_LAB_KEY, testApp } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';

const PATH = '/api/v1/lab/store-outage';

describe('the outage lab on the embedded store', () => {
  it('says the lab needs Redis (409), and only the app window may ask', async () => {
    const t = await testApp();
    const served = await serve(t.app);
    try {
      const client = new LabClient(served.url);
      expect((await client.agent.post(PATH).send({ ms: 2_000 })).status).toBe(401);
      const refused = await client.agent.post(PATH).set('X-Lab-Key', TEST_LAB_KEY).send({ ms: 2_000 });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('LAB_NEEDS_REDIS');
      expect((await client.agent.post(PATH).set('X-Lab-Key', TEST_LAB_KEY).send({ ms: 10 })).status).toBe(400);
    } finally {
      await served.close();
      await t.close();
    }
  });
});

describe.runIf(REDIS_SERVER_BIN)('the outage lab on Redis (a real redis-server)', () => {
  const app = useRedisTestApp(REDIS_SERVER_BIN!);

  it('takes Redis away for real: 503 STORE_UNAVAILABLE, not a logout, an outage and a recovery on the feed, the session valid after', async () => {
    const statuses: StoreStatusChange[] = [];
    app.t.store.onStatus((change) => statuses.push(change));
    const browser = new LabClient(app.served.url);
    expect((await browser.login('alice', 'alice-lab-pass')).status).toBe(200);
    const sid = browser.sid();
    const started = Date.now();
    const answer = await browser.agent.post(PATH).set('X-Lab-Key', TEST_LAB_KEY).send({ ms: 3_000 });
    expect(answer.status).toBe(200);
    expect(storeOutageResponseSchema.parse(answer.body).until).toBeGreaterThan(started);
    await waitFor('the outage on the feed', () => statuses.find((change) => change.event === 'outage'));
    // Only this app's connection: another client of the same Redis goes on, and a second outage waits its turn.
    const other = new RedisStore({
      url: app.redis.url,
      commandTimeoutMs: 1_000,
      sweepIntervalMs: 1_000,
      namespace: 'other:',
    });
    try {
      await other.waitReady(2_000);
      const started = performance.now();
      await other.set('other:k', 'v');
      expect(performance.now() - started).toBeLessThan(500);
    } finally {
      await other.close();
    }
    // (From a client without the session cookie: one that carries it is answered 503 by the session layer first.)
    const again = await new LabClient(app.served.url).agent
      .post(PATH)
      .set('X-Lab-Key', TEST_LAB_KEY)
      .send({ ms: 3_000 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('LAB_OUTAGE_RUNNING');
    expect(again.body.error.message).toMatch(/^Redis is already taken away, for \d+\.\d s more: one outage at a time/);
    const during = await browser.get('/api/v1/session/me');
    expect(during.status).toBe(503);
    expect(during.body.error.code).toBe('STORE_UNAVAILABLE');
    expect(during.headers['set-cookie']).toBeUndefined();
    await waitFor('the recovery on the feed', () => statuses.find((change) => change.event === 'recovered'), 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
    const after = await browser.get('/api/v1/session/me');
    expect(after.status).toBe(200);
    expect(browser.sid()).toBe(sid);
  });
});
