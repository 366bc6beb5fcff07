import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { clearKeysResponseSchema } from '../../../shared/api/lab-clear-keys.ts';
import type { KeyChange } from '../../../shared/store-events.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { useRedisTestApp } from '../../support/redis-test-app.ts';
import { REDIS_SERVER_BIN } from '../../support/requirements.ts';
import { scanAll } from '../../support/scan-all.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';

const PATH = '/api/v1/lab/clear-keys';
const asWindow = { 'X-Lab-Key': TEST_LAB_KEY };

/** The patterns of what must go, by kind, and of what must stay. */
const KINDS = {
  denylist: ['sl:denylist:*'],
  refresh: ['sl:refresh:*', 'sl:refresh_family:*', 'sl:refresh_rotated:*', 'sl:refresh_revoked:*', 'sl:user_refresh:*'],
  throttle: ['sl:throttle:*'],
};
const KEPT = ['sl:sess:*', 'sl:user_sessions:*'];

describe.each(BACKENDS_WITH_CLUSTER)('clear lab keys (POST /api/v1/lab/clear-keys) on $name', (backend) => {
  const lab = useLabServer(backend);
  const window = () => new LabClient(lab.served.url).agent;
  const keysOf = async (patterns: string[]) =>
    (await Promise.all(patterns.map((pattern) => scanAll(lab.t.store, pattern)))).flat().sort();
  const tokenLogin = async (username: string) => {
    const res = await window()
      .post('/api/v1/token/login')
      .send({ username, password: `${username}-lab-pass` });
    expect(res.status).toBe(200);
    return res.body as { access_token: string; refresh_token: string };
  };

  it("is for the app's own window only, and refuses bad input with 400 and the error body", async () => {
    const anonymous = await window().post(PATH).send({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('LAB_KEY_REQUIRED');
    for (const body of [
      { kinds: ['sessions'] },
      { kinds: [] },
      { kinds: 'denylist' },
      { kinds: ['throttle', 'throttle'] },
      { all: true },
    ]) {
      const res = await window().post(PATH).set(asWindow).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    }
    const notJson = await window().post(PATH).set(asWindow).set('Content-Type', 'application/json').send('{kinds');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('INVALID_JSON');
  });

  it('removes the denylist, refresh and throttle keys earlier flows left, says how many by kind, and leaves live sessions and accounts alone', async () => {
    // A live cookie session (its key and its user's index must stay).
    const alice = new LabClient(lab.served.url);
    expect((await alice.login('alice', 'alice-lab-pass')).status).toBe(200);
    // A failed login (an unknown user counts too): a username counter and the address's.
    expect((await new LabClient(lab.served.url).login('mallory', 'wrong-password')).status).toBe(401);
    // A token logged out (denylist entry, revoked family marker) and one still live (its refresh family).
    const loggedOut = await tokenLogin('bob');
    expect(
      (await window().post('/api/v1/token/logout').set('Authorization', `Bearer ${loggedOut.access_token}`)).status,
    ).toBe(204);
    const live = await tokenLogin('admin');
    const rotated = await window().post('/api/v1/token/refresh').send({ refresh_token: live.refresh_token });
    expect(rotated.status).toBe(200);

    const before = {
      denylist: await keysOf(KINDS.denylist),
      refresh: await keysOf(KINDS.refresh),
      throttle: await keysOf(KINDS.throttle),
    };
    expect(before.denylist).toEqual([`sl:denylist:${decodeJwt(loggedOut.access_token).jti}`]);
    expect(before.refresh).toContain(`sl:refresh:${rotated.body.refresh_token}`);
    expect(before.refresh).toContain(`sl:refresh_rotated:${live.refresh_token}`);
    expect(before.refresh).toContain(`sl:refresh_revoked:${decodeJwt(loggedOut.access_token).fam}`);
    expect(before.throttle).toContain('sl:throttle:user:mallory');
    const kept = await keysOf(KEPT);
    expect(kept).toContain(`sl:sess:${alice.sid()}`);
    expect(kept.some((key) => key.startsWith('sl:user_sessions:'))).toBe(true);

    const deleted: KeyChange[] = [];
    const unsubscribe = lab.t.store.onChange((change) => {
      if (change.op === 'del') deleted.push(change);
    });
    const res = await window().post(PATH).set(asWindow).send({});
    unsubscribe();
    expect(res.status).toBe(200);
    const answer = clearKeysResponseSchema.parse(res.body);
    expect(answer).toEqual({
      removed: { denylist: before.denylist.length, refresh: before.refresh.length, throttle: before.throttle.length },
      total: before.denylist.length + before.refresh.length + before.throttle.length,
    });
    // Each through the store, so the inspector saw every deletion.
    expect(deleted.map((change) => change.key).sort()).toEqual(
      [...before.denylist, ...before.refresh, ...before.throttle].sort(),
    );
    expect(await keysOf([...KINDS.denylist, ...KINDS.refresh, ...KINDS.throttle])).toEqual([]);
    // What stays: the cookie session (still answering), its index, the accounts.
    expect(await keysOf(KEPT)).toEqual(kept);
    expect((await alice.get('/api/v1/session/me')).status).toBe(200);
    expect(
      (await window().post('/api/v1/token/refresh').send({ refresh_token: rotated.body.refresh_token })).body.error
        .code,
    ).toBe('REFRESH_INVALID');
    await tokenLogin('bob');

    // Nothing left of a kind: 0, not an error.
    const again = clearKeysResponseSchema.parse(
      (
        await window()
          .post(PATH)
          .set(asWindow)
          .send({ kinds: ['denylist'] })
      ).body,
    );
    expect(again).toEqual({ removed: { denylist: 0, refresh: 0, throttle: 0 }, total: 0 });
  });

  it('removes only the kinds named', async () => {
    expect((await new LabClient(lab.served.url).login('alice', 'not-her-password')).status).toBe(401);
    const token = await tokenLogin('alice');
    const throttle = await keysOf(KINDS.throttle);
    const refresh = await keysOf(KINDS.refresh);
    expect(throttle.length).toBeGreaterThan(0);
    expect(refresh).toContain(`sl:refresh:${token.refresh_token}`);
    const res = await window()
      .post(PATH)
      .set(asWindow)
      .send({ kinds: ['throttle'] });
    expect(clearKeysResponseSchema.parse(res.body)).toEqual({
      removed: { denylist: 0, refresh: 0, throttle: throttle.length },
      total: throttle.length,
    });
    expect(await keysOf(KINDS.throttle)).toEqual([]);
    expect(await keysOf(KINDS.refresh)).toEqual(refresh);
  });

  it('walks the whole keyspace: hundreds of keys over several SCAN pages (on a cluster, every master)', async () => {
    await window().post(PATH).set(asWindow).send({});
    const jtis = Array.from({ length: 450 }, (_, i) => `jti-${i}`);
    for (const jti of jtis) await lab.t.store.set(`sl:denylist:${jti}`, '1', { px: 600_000 });
    const res = await window()
      .post(PATH)
      .set(asWindow)
      .send({ kinds: ['denylist'] });
    expect(clearKeysResponseSchema.parse(res.body).removed.denylist).toBe(jtis.length);
    expect(await keysOf(KINDS.denylist)).toEqual([]);
  });
});

describe.runIf(REDIS_SERVER_BIN)('clear lab keys while Redis is down', () => {
  const app = useRedisTestApp(REDIS_SERVER_BIN!);

  it('answers 503 STORE_UNAVAILABLE, and works again once Redis is back', async () => {
    const window = () => new LabClient(app.served.url).agent;
    await app.redis.kill();
    await waitFor('the outage to be seen', () => (app.t.store.status().connected ? undefined : true));
    const during = await window().post(PATH).set(asWindow).send({});
    expect(during.status).toBe(503);
    expect(during.body.error.code).toBe('STORE_UNAVAILABLE');
    await app.redis.restart();
    await waitFor('the recovery', () => (app.t.store.status().connected ? true : undefined), 10_000);
    await app.t.store.set('sl:throttle:ip:10.0.0.1', '3', { px: 60_000 });
    const after = await window().post(PATH).set(asWindow).send({});
    expect(after.status).toBe(200);
    expect(clearKeysResponseSchema.parse(after.body).removed.throttle).toBe(1);
  });
});
