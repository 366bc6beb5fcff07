import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { replayResponseSchema } from '../../../shared/api/lab.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { BACKENDS } from '../../support/backends.ts';

interface HarEntry {
  request: { method: string; url: string; headers: { name: string; value: string }[] };
  response: { status: number };
}

describe.each(BACKENDS)('the replay tool on $name', (backend) => {
  const lab = useLabServer(backend);
  const labWindow = () => new LabClient(lab.served.url);
  const replay = (body: object) =>
    labWindow().agent.post('/api/v1/lab/replay').set('X-Lab-Key', TEST_LAB_KEY).send(body);
  /** The Cookie header a browser would send for the client's session: the id and its signature. */
  const cookieHeader = (client: LabClient) =>
    `sl_session=${client.sid()}; sl_session.sig=${client.cookie('sl_session.sig')}`;
  const har = async (): Promise<HarEntry[]> =>
    (await labWindow().agent.get('/api/v1/inspector/har').set('X-Lab-Key', TEST_LAB_KEY)).body.log
      .entries as HarEntry[];

  it("is for the app's own window only: nobody else, signed in or admin, may use it", async () => {
    const body = { method: 'GET', path: '/api/v1/session/me' };
    const anonymous = await labWindow().agent.post('/api/v1/lab/replay').send(body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('NOT_AUTHENTICATED');
    const wrongKey = await labWindow()
      .agent.post('/api/v1/lab/replay')
      .set('X-Lab-Key', `${TEST_LAB_KEY.slice(0, -1)}x`)
      .send(body);
    expect(wrongKey.body.error.code).toBe('NOT_AUTHENTICATED');
    const inQuery = await labWindow().agent.post(`/api/v1/lab/replay?labKey=${TEST_LAB_KEY}`).send(body);
    expect(inQuery.body.error.code).toBe('NOT_AUTHENTICATED');

    const alice = labWindow();
    await alice.login('alice', 'alice-lab-pass');
    const signedIn = await alice.post('/api/v1/lab/replay', body);
    expect(signedIn.status).toBe(401);
    expect(signedIn.body.error.code).toBe('LAB_KEY_REQUIRED');
    const admin = (
      await labWindow().agent.post('/api/v1/token/login').send({ username: 'admin', password: 'admin-lab-pass' })
    ).body.access_token as string;
    const byAdmin = await labWindow()
      .agent.post('/api/v1/lab/replay')
      .set('Authorization', `Bearer ${admin}`)
      .send(body);
    expect(byAdmin.status).toBe(401);
    expect(byAdmin.body.error.code).toBe('LAB_KEY_REQUIRED');

    expect((await labWindow().agent.get('/api/v1/lab/replay').set('X-Lab-Key', TEST_LAB_KEY)).status).toBe(405);
  });

  it('replays only a GET of the API with a cookie and an Authorization header, never itself', async () => {
    const refused: object[] = [
      { method: 'POST', path: '/api/v1/session/me' },
      { method: 'get', path: '/api/v1/session/me' },
      { method: 'GET', path: '/health' },
      { method: 'GET', path: 'http://example.com/api/v1/health' },
      { method: 'GET', path: '//example.com/api/v1/health' },
      { method: 'GET', path: '/API/V1/health' },
      { method: 'GET', path: '/api/v1/lab/replay' },
      { method: 'GET', path: '/api/v1/lab/replay/' },
      { method: 'GET', path: '/api/v1/lab//replay?x=1' },
      // The inspector (everyone's ids and tokens, a stream that never ends) and the lab key are never replayed.
      { method: 'GET', path: '/api/v1/inspector/keys?match=*' },
      { method: 'GET', path: '/api/v1/Inspector//events' },
      { method: 'GET', path: '/api/v1/health?labKey=abc' },
      { method: 'GET', path: '/api/v1/health?x=1&LABKEY=abc' },
      { method: 'GET', path: '/api/v1/health?lab%4Bey=abc' },
      { method: 'GET', path: '/api/v1/LAB/%72eplay' },
      { method: 'GET', path: '/api/v1/../../etc/passwd' },
      { method: 'GET', path: '/api/v1/%2e%2e/renderer' },
      { method: 'GET', path: '/api/v1/health extra' },
      { method: 'GET', path: '/api/v1/health\r\nX-Injected: 1' },
      { method: 'GET', path: '/api/v1/%zz' },
      { method: 'GET', path: '/api/v1/session/me', cookie: 'a=b\r\nX-Lab-Key: stolen' },
      { method: 'GET', path: '/api/v1/session/me', authorization: '' },
      { method: 'GET', path: '/api/v1/session/me', headers: { 'x-lab-key': TEST_LAB_KEY } },
      { method: 'GET', path: '/api/v1/session/me', 'x-lab-key': TEST_LAB_KEY },
      { method: 'GET' },
    ];
    for (const body of refused) {
      const res = await replay(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code, JSON.stringify(body)).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toEqual(expect.any(String));
    }
    const notJson = await labWindow()
      .agent.post('/api/v1/lab/replay')
      .set('X-Lab-Key', TEST_LAB_KEY)
      .set('Content-Type', 'text/plain')
      .send('GET /api/v1/health');
    expect(notJson.status).toBe(415);
    expect(notJson.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const health = await replay({ method: 'GET', path: '/api/v1/health' });
    expect(health.status).toBe(200);
    expect(replayResponseSchema.parse(health.body)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('sends a copied session cookie as a real request: it works until logout, then it is refused (401)', async () => {
    const victim = labWindow();
    await victim.login('alice', 'alice-lab-pass');
    const copy = cookieHeader(victim);
    const before = await replay({ method: 'GET', path: '/api/v1/session/me', cookie: copy });
    expect(before.body).toMatchObject({ status: 200, body: { user: { username: 'alice' } } });

    expect((await victim.post('/api/v1/session/logout')).status).toBe(204);
    expect(await lab.t.store.exists(`sl:sess:${copy.split(/[=;]/)[1]}`)).toBe(false);
    const after = await replay({ method: 'GET', path: '/api/v1/session/me', cookie: copy });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 401, body: { error: { code: 'NOT_AUTHENTICATED' } } });

    // The replayed request is recorded like any other, with exactly the headers given (and never the lab key).
    const entries = (await har()).filter(
      (entry) =>
        entry.request.url.endsWith('/api/v1/session/me') &&
        entry.request.headers.some((h) => h.name.toLowerCase() === 'cookie' && h.value === copy),
    );
    expect(entries.map((entry) => entry.response.status)).toEqual([200, 401]);
    for (const entry of entries) {
      expect(entry.request.headers.map((h) => h.name.toLowerCase()).sort()).toEqual([
        'connection',
        'cookie',
        'host',
        'x-session-lab-replay',
      ]);
      expect(entry.request.headers.find((h) => h.name.toLowerCase() === 'host')!.value).toBe(
        new URL(lab.served.url).host,
      );
    }
  });

  it('sends a copied token: with the denylist off it reads data after logout; with it on, 401 TOKEN_REVOKED', async () => {
    const settings = (denylist: 'on' | 'off') =>
      labWindow().agent.put('/api/v1/lab/token-settings').set('X-Lab-Key', TEST_LAB_KEY).send({ denylist });
    const loginAndLogout = async () => {
      const { access_token: token } = (
        await labWindow().agent.post('/api/v1/token/login').send({ username: 'alice', password: 'alice-lab-pass' })
      ).body as { access_token: string };
      expect(
        (await labWindow().agent.post('/api/v1/token/logout').set('Authorization', `Bearer ${token}`)).status,
      ).toBe(204);
      return token;
    };
    try {
      expect((await settings('off')).body.denylist).toBe('off');
      const off = await loginAndLogout();
      expect(await lab.t.store.exists(`sl:denylist:${decodeJwt(off).jti}`)).toBe(false);
      const replayedOff = await replay({ method: 'GET', path: '/api/v1/token/data', authorization: `Bearer ${off}` });
      expect(replayedOff.body).toMatchObject({ status: 200, body: { via: 'bearer', subject: { username: 'alice' } } });

      expect((await settings('on')).body.denylist).toBe('on');
      const on = await loginAndLogout();
      expect(await lab.t.store.exists(`sl:denylist:${decodeJwt(on).jti}`)).toBe(true);
      const replayedOn = await replay({ method: 'GET', path: '/api/v1/token/data', authorization: `Bearer ${on}` });
      expect(replayedOn.body).toMatchObject({ status: 401, body: { error: { code: 'TOKEN_REVOKED' } } });
      const entry = (await har()).find(
        (candidate) =>
          candidate.request.url.endsWith('/api/v1/token/data') &&
          candidate.request.headers.some((h) => h.value === `Bearer ${on}`),
      );
      expect(entry?.response.status).toBe(401);
    } finally {
      await settings('on');
    }
  });

  it('answers what the server answered, whatever it was, and never forwards the lab key', async () => {
    const missing = await replay({ method: 'GET', path: '/api/v1/nothing-here?x=1' });
    expect(missing.body).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    // The lab key is never forwarded (the replayed request is nobody's window): a lab route answers it 401.
    const labRoute = await replay({ method: 'GET', path: '/api/v1/lab/session-settings' });
    expect(labRoute.body).toMatchObject({ status: 401 });
  });
});
