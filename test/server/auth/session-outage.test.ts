import { useRedisTestApp } from '../../support/redis-test-app.ts';
import { describe, expect, it } from 'vitest';
import { LabClient } from '../../support/lab-client.ts';
import { REDIS_SERVER_BIN } from '../../support/requirements.ts';
import { openSse } from '../../support/sse-client.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';

describe.runIf(REDIS_SERVER_BIN)('a Redis outage during a cookie session', () => {
  const app = useRedisTestApp(REDIS_SERVER_BIN!);

  it('answers 503 STORE_UNAVAILABLE without touching the cookie, and the session is back once Redis is', async () => {
    const browser = new LabClient(app.served.url);
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    const sessionValue = (await app.t.store.get(`sl:sess:${sid}`))!;

    const stream = await openSse(`${app.served.url}/api/v1/inspector/events?labKey=${TEST_LAB_KEY}`);
    await app.redis.kill();
    await waitFor('the outage to be seen', () => (app.t.store.status().connected ? undefined : true));
    const outage = await waitFor('the store event', () =>
      stream.events.find((e) => e.type === 'store' && e.data.event === 'outage'),
    );
    expect(outage.data).toMatchObject({ kind: 'redis', connected: false });
    const during = await browser.get('/api/v1/session/me');
    expect(during.status).toBe(503);
    expect(during.body.error.code).toBe('STORE_UNAVAILABLE');
    expect(during.headers['set-cookie']).toBeUndefined();
    const login = await new LabClient(app.served.url).login('bob', 'bob-lab-pass');
    expect(login.status).toBe(503);

    // The test's redis-server keeps nothing across a restart: put the session back as it was.
    await app.redis.restart();
    await waitFor('the recovery', () => (app.t.store.status().connected ? true : undefined), 10_000);
    await waitFor('the recovered event', () =>
      stream.events.find((e) => e.type === 'store' && e.data.event === 'recovered'),
    );
    stream.close();
    await app.t.store.set(`sl:sess:${sid}`, sessionValue, { px: 60_000 });
    const after = await browser.get('/api/v1/session/me');
    expect(after.status).toBe(200);
    expect(browser.sid()).toBe(sid);
  });
});
