import { describe, expect, it } from 'vitest';
import { CookieSigner } from '../../../server/auth/cookie-signer.ts';
import { loadSecrets } from '../../../server/auth/secrets.ts';
import { SID_PATTERN } from '../../../server/auth/session-keys.ts';
import { plantSessionResponseSchema } from '../../../shared/api/lab.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { BACKENDS } from '../../support/backends.ts';

describe.each(BACKENDS)('planting a session cookie on $name', (backend) => {
  // Touch on every request: a live session would save itself (and set its cookie) on any request it rides.
  const lab = useLabServer(backend, { config: { sessionTouchMs: 0 } });
  /** Plants through this browser's own cookie jar, as the lab window does. */
  const plant = (browser: LabClient) =>
    browser.agent.post('/api/v1/lab/plant-session').set('X-Lab-Key', TEST_LAB_KEY).set('Origin', browser.url);
  const sessionKeys = async () => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const page = await lab.t.store.scan(cursor, { match: 'sl:sess:*', count: 100 });
      keys.push(...page.keys);
      cursor = page.cursor;
    } while (cursor !== '0');
    return keys;
  };

  it("is for the app's own window only", async () => {
    const anonymous = await new LabClient(lab.served.url).agent.post('/api/v1/lab/plant-session');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('NOT_AUTHENTICATED');
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    const own = alice.sid();
    const signedIn = await alice.post('/api/v1/lab/plant-session');
    expect(signedIn.status).toBe(401);
    expect(signedIn.body.error.code).toBe('LAB_KEY_REQUIRED');
    // Nothing planted: the browser keeps its own session's cookie.
    expect(alice.sid()).toBe(own);
  });

  it('sets the session cookie to a random id, signed as the real one is, and writes nothing to the store', async () => {
    const before = await sessionKeys();
    const browser = new LabClient(lab.served.url);
    const res = await plant(browser);
    expect(res.status).toBe(200);
    const { plantedId } = plantSessionResponseSchema.parse(res.body);
    expect(plantedId).toMatch(SID_PATTERN);
    expect(browser.sid()).toBe(plantedId);
    const signer = new CookieSigner(loadSecrets(lab.t.dataDir).cookieKeys);
    expect(signer.verify(`sl_session=${plantedId}`, browser.cookie('sl_session.sig')!)).toBe(true);
    expect(String(res.headers['set-cookie'])).toMatch(
      /sl_session=[^;]+; path=\/; expires=[^;]+; samesite=lax; httponly/,
    );
    expect(await sessionKeys()).toEqual(before);
    expect((await plant(new LabClient(lab.served.url))).body.plantedId).not.toBe(plantedId);
  });

  it('a login that carries the planted id puts the session under a new one; the planted id stays worth nothing', async () => {
    const victim = new LabClient(lab.served.url);
    const { plantedId } = (await plant(victim)).body as { plantedId: string };
    const plantedCookie = `sl_session=${plantedId}; sl_session.sig=${victim.cookie('sl_session.sig')}`;
    // Well signed, but no session behind it: refused for that, not for its signature.
    const me = await victim.get('/api/v1/session/me').set('Cookie', plantedCookie);
    expect(me.body.error.code).toBe('NOT_AUTHENTICATED');

    const login = await victim.agent
      .post('/api/v1/session/login')
      .set('Origin', victim.url)
      .set('Cookie', plantedCookie)
      .send({ username: 'alice', password: 'alice-lab-pass' });
    expect(login.status).toBe(200);
    const sid = String(login.headers['set-cookie']).match(/sl_session=([A-Za-z0-9_-]{22});/)![1]!;
    expect(sid).not.toBe(plantedId);
    expect(await lab.t.store.exists(`sl:sess:${sid}`)).toBe(true);
    expect(await lab.t.store.exists(`sl:sess:${plantedId}`)).toBe(false);

    const replayed = await new LabClient(lab.served.url).agent
      .post('/api/v1/lab/replay')
      .set('X-Lab-Key', TEST_LAB_KEY)
      .send({ method: 'GET', path: '/api/v1/session/me', cookie: plantedCookie });
    expect(replayed.body).toMatchObject({ status: 401, body: { error: { code: 'NOT_AUTHENTICATED' } } });
  });

  it('replaces the cookie of a live session the browser carried, which does not save itself over it', async () => {
    const browser = new LabClient(lab.served.url);
    await browser.login('alice', 'alice-lab-pass');
    const live = browser.sid()!;
    const res = await plant(browser);
    expect(res.status).toBe(200);
    expect(browser.sid()).toBe(res.body.plantedId);
    expect(String(res.headers['set-cookie'])).not.toContain(live);
    // The session itself is untouched: planting is not a logout.
    expect(await lab.t.store.exists(`sl:sess:${live}`)).toBe(true);
  });
});
