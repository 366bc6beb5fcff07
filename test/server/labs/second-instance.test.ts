import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { EventHub } from '../../../server/inspector/event-hub.ts';
import type { HttpEvent, KeyEvent } from '../../../shared/inspector-events.ts';
import { replayResponseSchema } from '../../../shared/api/lab.ts';
import { secondInstanceStatusSchema } from '../../../shared/api/lab-scale-out.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { BACKENDS } from '../../support/backends.ts';

/** The inspector's events as a client of the hub gets them. */
function streamEvents(hub: EventHub) {
  const received: { type: string; data: unknown }[] = [];
  let buffered = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      buffered += chunk.toString();
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const type = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (type && data) received.push({ type, data: JSON.parse(data) as unknown });
      }
      done();
    },
  });
  const detach = hub.attach(out);
  return {
    http: () => received.filter((event) => event.type === 'http').map((event) => event.data as HttpEvent),
    keys: () => received.filter((event) => event.type === 'key').map((event) => event.data as KeyEvent),
    stop: detach,
  };
}

interface HarEntry {
  request: { method: string; url: string };
  response: { status: number };
  _instance?: { name: string; store: string; port: number };
}

describe.each(BACKENDS)("lab 9's second instance on $name", (backend) => {
  const lab = useLabServer(backend);
  const labWindow = () => new LabClient(lab.served.url);
  const instance = (method: 'get' | 'put' | 'delete', body?: object) => {
    const req = labWindow()
      .agent[method]('/api/v1/lab/second-instance')
      .set('X-Lab-Key', TEST_LAB_KEY)
      .set('Origin', lab.served.url);
    return body ? req.send(body) : req;
  };
  const replay = (body: object) =>
    labWindow().agent.post('/api/v1/lab/replay').set('X-Lab-Key', TEST_LAB_KEY).send(body);
  const cookieHeader = (client: LabClient) =>
    `sl_session=${client.sid()}; sl_session.sig=${client.cookie('sl_session.sig')}`;
  const har = async (): Promise<HarEntry[]> =>
    (await labWindow().agent.get('/api/v1/inspector/har').set('X-Lab-Key', TEST_LAB_KEY)).body.log
      .entries as HarEntry[];
  /** Whether anything accepts a connection on this port of 127.0.0.1. */
  const listening = async (port: number) =>
    fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
      () => true,
      () => false,
    );

  it("is started, looked at and stopped by the app's own window only", async () => {
    const anonymous = await labWindow().agent.put('/api/v1/lab/second-instance').send({ store: 'shared' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('LAB_KEY_REQUIRED');
    const alice = labWindow();
    await alice.login('alice', 'alice-lab-pass');
    for (const res of [
      await alice.put('/api/v1/lab/second-instance', { store: 'shared' }),
      await alice.get('/api/v1/lab/second-instance'),
      await alice.delete('/api/v1/lab/second-instance'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
    const bad = await instance('put', { store: 'disk' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(secondInstanceStatusSchema.parse((await instance('get')).body)).toEqual({
      running: false,
      url: null,
      port: null,
      store: null,
      backend: null,
      startedAt: null,
    });
  });

  it('with the shared store, the cookie and the token of a login on A both work on B', async () => {
    const started = secondInstanceStatusSchema.parse((await instance('put', { store: 'shared' })).body);
    expect(started).toMatchObject({ running: true, store: 'shared', backend: lab.t.store.kind });
    const port = started.port!;
    expect(started.url).toBe(`http://127.0.0.1:${port}`);
    expect(port).not.toBe(Number(new URL(lab.served.url).port));
    // B is a whole app of its own on its port: it answers there directly.
    const health = await fetch(`${started.url}/api/v1/health`);
    expect(health.status).toBe(200);
    // It has no inspector of its own: A's lab key opens nothing there.
    expect(
      (await fetch(`${started.url}/api/v1/inspector/keys`, { headers: { 'X-Lab-Key': TEST_LAB_KEY } })).status,
    ).toBe(404);

    const alice = labWindow();
    await alice.login('alice', 'alice-lab-pass');
    const me = replayResponseSchema.parse(
      (await replay({ method: 'GET', path: '/api/v1/session/me', cookie: cookieHeader(alice), instance: 'B' })).body,
    );
    expect(me.status).toBe(200);
    // The same session as A's: B read the key A's login wrote.
    const onA = (await alice.get('/api/v1/session/me')).body as { session: { id: string } };
    expect(me.body).toMatchObject({ user: { username: 'alice' }, session: { id: onA.session.id } });

    const token = (
      await labWindow().agent.post('/api/v1/token/login').send({ username: 'alice', password: 'alice-lab-pass' })
    ).body.access_token as string;
    const data = replayResponseSchema.parse(
      (await replay({ method: 'GET', path: '/api/v1/token/data', authorization: `Bearer ${token}`, instance: 'B' }))
        .body,
    );
    expect(data.status).toBe(200);

    // The exchange log holds B's answers among A's, tagged, with B's port in their URL, in one sequence of ids.
    const entries = await har();
    const onB = entries.filter((entry) => entry._instance);
    const tag = { name: 'B', store: 'shared', port };
    expect(onB.map((entry) => [entry.request.url, entry.response.status, entry._instance])).toEqual([
      [`${started.url}/api/v1/health`, 200, tag],
      [`${started.url}/api/v1/session/me`, 200, tag],
      [`${started.url}/api/v1/token/data`, 200, tag],
    ]);
    expect(
      entries.filter((entry) => !entry._instance).every((entry) => entry.request.url.startsWith(lab.served.url)),
    ).toBe(true);
  });

  it('with a store of its own in memory, B knows no session (401) while A still does, and the token still works on B', async () => {
    const alice = labWindow();
    await alice.login('alice', 'alice-lab-pass');
    const before = secondInstanceStatusSchema.parse((await instance('put', { store: 'shared' })).body);
    const restarted = secondInstanceStatusSchema.parse((await instance('put', { store: 'memory' })).body);
    expect(restarted).toMatchObject({ running: true, store: 'memory', backend: 'sqlite' });
    // A restart is a new app with a new memory: the old one's port is closed.
    expect(restarted.port).not.toBe(before.port);
    expect(await listening(before.port!)).toBe(false);
    const health = (await (await fetch(`${restarted.url}/api/v1/health`)).json()) as {
      store: { kind: string; reason: string };
    };
    expect(health.store).toMatchObject({ kind: 'sqlite', reason: expect.stringMatching(/in-memory store of its own/) });

    const onB = replayResponseSchema.parse(
      (await replay({ method: 'GET', path: '/api/v1/session/me', cookie: cookieHeader(alice), instance: 'B' })).body,
    );
    expect(onB.status).toBe(401);
    expect(onB.body).toMatchObject({ error: { code: 'NOT_AUTHENTICATED' } });
    const onA = replayResponseSchema.parse(
      (await replay({ method: 'GET', path: '/api/v1/session/me', cookie: cookieHeader(alice) })).body,
    );
    expect(onA.status).toBe(200);

    const token = (
      await labWindow().agent.post('/api/v1/token/login').send({ username: 'alice', password: 'alice-lab-pass' })
    ).body.access_token as string;
    const data = replayResponseSchema.parse(
      (await replay({ method: 'GET', path: '/api/v1/token/data', authorization: `Bearer ${token}`, instance: 'B' }))
        .body,
    );
    expect(data.status).toBe(200);
    // B's answers are tagged with the store it ran on.
    expect(
      (await har())
        .filter((entry) => entry._instance?.store === 'memory' && !entry.request.url.endsWith('/health'))
        .map((entry) => entry.response.status),
    ).toEqual([401, 200]);
  });

  it('writes to the shared store from B are announced once, caused by B’s own exchange; ids are one sequence', async () => {
    const { url } = secondInstanceStatusSchema.parse((await instance('put', { store: 'shared' })).body);
    const events = streamEvents(lab.t.hub);
    // A browser that reached B directly logs in there: B writes the session to the shared store.
    const onB = new LabClient(url!);
    expect((await onB.login('alice', 'alice-lab-pass')).status).toBe(200);
    await new LabClient(lab.served.url).login('alice', 'alice-lab-pass');
    await expect.poll(() => events.http().length).toBe(2);
    const [loginOnB, loginOnA] = events.http();
    expect(loginOnB!.instance).toEqual({ name: 'B', store: 'shared', port: Number(new URL(url!).port) });
    expect(loginOnA!.instance).toBeUndefined();
    expect(loginOnA!.id).toBeGreaterThan(loginOnB!.id);
    const sessionWrites = events.keys().filter((event) => event.op === 'set' && event.key.startsWith('sl:sess:'));
    expect(sessionWrites.map((event) => event.cause)).toEqual([loginOnB!.id, loginOnA!.id]);
    expect(sessionWrites[0]!.key).toBe(`sl:sess:${onB.sid()}`);
    events.stop();
  });

  it('on its own memory, what B reads and writes there is announced too: its reads with its exchange, its writes tagged as B’s own store', async () => {
    const { url } = secondInstanceStatusSchema.parse((await instance('put', { store: 'memory' })).body);
    const events = streamEvents(lab.t.hub);
    const onB = new LabClient(url!);
    expect((await onB.login('alice', 'alice-lab-pass')).status).toBe(200);
    expect((await onB.get('/api/v1/session/me')).status).toBe(200);
    await expect.poll(() => events.http().length).toBe(2);
    const [login, me] = events.http();
    expect(login!.instance).toMatchObject({ name: 'B', store: 'memory' });
    // The login's session write went to B's memory: announced, caused by B's exchange, never taken for the app's keys.
    const write = events.keys().find((event) => event.op === 'set' && event.key === `sl:sess:${onB.sid()}`);
    expect(write).toMatchObject({ cause: login!.id, store: 'b' });
    expect(events.keys().every((event) => event.store === 'b')).toBe(true);
    expect(await lab.t.store.get(`sl:sess:${onB.sid()}`)).toBeNull();
    // The next request's session read, in B's memory, is listed with its exchange.
    expect(me!.reads).toContainEqual(
      expect.objectContaining({ key: `sl:sess:${onB.sid()}`, command: expect.stringMatching(/^GET /) }),
    );
    events.stop();
  });

  it('has none of the lab’s tools: no inspector, no replay, no vulnerable page; a wrong Host is refused and not recorded', async () => {
    const { url, port } = secondInstanceStatusSchema.parse((await instance('put', { store: 'memory' })).body);
    for (const path of ['/api/v1/lab/replay', '/api/v1/lab/second-instance', '/api/v1/inspector/keys']) {
      const res = await fetch(`${url}${path}`, {
        method: path.includes('replay') ? 'POST' : 'GET',
        headers: { 'X-Lab-Key': TEST_LAB_KEY, 'Content-Type': 'application/json' },
        body: path.includes('replay') ? '{}' : undefined,
      });
      expect([path, res.status]).toEqual([path, 404]);
    }
    // No deliberately vulnerable page either: what answers /lab/xss does not put the name into its HTML.
    expect(await (await fetch(`${url}/lab/xss?name=%3Cb%3Esl-probe%3C%2Fb%3E`)).text()).not.toContain(
      '<b>sl-probe</b>',
    );
    // A request naming a host no URL can hold is refused by the Host guard, at the door: the log keeps none of it.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port: port!, path: '/api/v1/session/me', headers: { Host: '127.0.0.1:99999' } },
        (res) => resolve(res.statusCode ?? 0),
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
    const entries = await har();
    expect(entries.at(-1)).toMatchObject({ request: { url: `${url}/lab/xss?name=%3Cb%3Esl-probe%3C%2Fb%3E` } });
    expect(entries.filter((entry) => entry.response.status === 403)).toEqual([]);
  });

  it('takes concurrent starts one after the other: one B runs at the end', async () => {
    const answers = await Promise.all([
      instance('put', { store: 'shared' }),
      instance('put', { store: 'memory' }),
      instance('put', { store: 'shared' }),
    ]);
    const ports = answers.map((answer) => secondInstanceStatusSchema.parse(answer.body).port!);
    expect(new Set(ports).size).toBe(3);
    const open = await Promise.all(ports.map((port) => listening(port)));
    expect(open.filter(Boolean)).toHaveLength(1);
    expect(secondInstanceStatusSchema.parse((await instance('get')).body).port).toBe(ports[open.indexOf(true)]);
  });

  it('once stopped, B is gone: its port is closed and a replay to it is 409 LAB_INSTANCE_NOT_RUNNING', async () => {
    const running = secondInstanceStatusSchema.parse((await instance('put', { store: 'shared' })).body);
    const stopped = secondInstanceStatusSchema.parse((await instance('delete')).body);
    expect(stopped.running).toBe(false);
    expect(await listening(running.port!)).toBe(false);
    const refused = await replay({ method: 'GET', path: '/api/v1/session/me', instance: 'B' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('LAB_INSTANCE_NOT_RUNNING');
    // Stopping again is no error.
    expect((await instance('delete')).status).toBe(200);
  });

  it('is stopped with the server', async () => {
    const { port } = secondInstanceStatusSchema.parse((await instance('put', { store: 'memory' })).body);
    expect(await listening(port!)).toBe(true);
    await lab.served.close();
    await lab.t.close();
    expect(await listening(port!)).toBe(false);
  });
});
