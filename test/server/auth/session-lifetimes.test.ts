import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../server/config.ts';
import { sessionSettingsSchema } from '../../../shared/api/lab-session.ts';
import type { KeyChange } from '../../../shared/store-events.ts';
import { LabClient, serve, type Served } from '../../support/lab-client.ts';
import { TEST_LAB_KEY, testApp, type TestApp } from '../../support/test-app.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { seedUsers } from '../../support/seed-users.ts';

const PATH = '/api/v1/lab/session-settings';

describe.each(BACKENDS_WITH_CLUSTER)('session lifetimes changed at run time on $name', (backend) => {
  let t: TestApp;
  let served: Served;
  let changes: KeyChange[];
  beforeAll(() => backend.setup(), 30_000);
  afterAll(() => backend.teardown());
  afterEach(async () => {
    await served?.close();
    await t?.close();
  });

  async function start(config: Partial<Config> = {}, now?: () => number): Promise<LabClient> {
    t = await testApp({ store: await backend.fresh(), config, ...(now ? { now } : {}) });
    await seedUsers(t.accounts);
    changes = [];
    t.store.onChange((change) => changes.push(change));
    served = await serve(t.app);
    return new LabClient(served.url);
  }

  it("only the app's own window may read or change them; bad values are refused", async () => {
    const browser = await start();
    await browser.login('alice', 'alice-lab-pass');
    expect((await browser.agent.get(PATH)).body.error.code).toBe('LAB_KEY_REQUIRED');
    expect((await new LabClient(served.url).agent.put(PATH).send({ idleTtlMs: 5_000 })).status).toBe(401);
    // A signed-in page without the key is refused too: signing in is not the window's key.
    const signedIn = await browser.agent.put(PATH).send({ idleTtlMs: 5_000 });
    expect(signedIn.status).toBe(401);
    expect(signedIn.body.error.code).toBe('LAB_KEY_REQUIRED');
    const read = await browser.agent.get(PATH).set('X-Lab-Key', TEST_LAB_KEY);
    expect(sessionSettingsSchema.parse(read.body)).toEqual({
      idleTtlMs: 1_800_000,
      absoluteTtlMs: 28_800_000,
      touchMs: 5_000,
    });
    for (const bad of [
      { idleTtlMs: 10 },
      { absoluteTtlMs: 'soon' },
      { limit: 1 },
      { touchMs: 1_800_000 },
      { idleTtlMs: 3_600_000, absoluteTtlMs: 60_000 },
    ]) {
      const refused = await browser.agent.put(PATH).set('X-Lab-Key', TEST_LAB_KEY).send(bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('a shorter idle TTL and absolute lifetime apply to the next session write and the next login; DELETE restores the config', async () => {
    let now = Date.now();
    const browser = await start({ sessionTouchMs: 5_000 }, () => now);
    const changed = await browser.agent
      .put(PATH)
      .set('X-Lab-Key', TEST_LAB_KEY)
      .send({ idleTtlMs: 8_000, absoluteTtlMs: 20_000, touchMs: 1_000 });
    expect(changed.body).toEqual({ idleTtlMs: 8_000, absoluteTtlMs: 20_000, touchMs: 1_000 });
    const login = await browser.login('alice', 'alice-lab-pass');
    expect(login.body.session.idleExpiresAt - login.body.session.createdAt).toBe(8_000);
    // The cookie is a browser-session cookie: the idle TTL in force is the key's, on the server.
    expect(String(login.headers['set-cookie'])).toMatch(/sl_session=[^;]+;/i);
    expect(String(login.headers['set-cookie'])).not.toMatch(/expires=|max-age=/i);
    expect(login.body.session.absoluteExpiresAt - login.body.session.createdAt).toBe(20_000);
    const sid = browser.sid()!;
    expect(await t.store.pttl(`sl:sess:${sid}`)).toBeLessThanOrEqual(8_000);
    // Renewed after the (shorter) touch interval: a write of the session key with the short TTL.
    now += 1_000;
    const writes = changes.filter((c) => c.key === `sl:sess:${sid}` && c.op === 'set').length;
    expect((await browser.get('/api/v1/session/me')).status).toBe(200);
    expect(changes.filter((c) => c.key === `sl:sess:${sid}` && c.op === 'set').length).toBe(writes + 1);
    // However active, it ends at its absolute lifetime.
    now += 19_000;
    const me = await browser.get('/api/v1/session/me');
    expect(me.body.error.code).toBe('SESSION_EXPIRED');
    const restored = await browser.agent.delete(PATH).set('X-Lab-Key', TEST_LAB_KEY);
    expect(restored.body).toEqual({ idleTtlMs: 1_800_000, absoluteTtlMs: 28_800_000, touchMs: 5_000 });
    const again = await browser.login('alice', 'alice-lab-pass');
    expect(again.body.session.absoluteExpiresAt - again.body.session.createdAt).toBe(28_800_000);
  });
});
