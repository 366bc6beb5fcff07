import validate from 'har-validator';
import { describe, expect, it } from 'vitest';
import { redactedBody } from '../../../server/inspector/exchange-recorder.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer, type LabServer } from '../../support/lab-server.ts';
import { openSse, type ReceivedEvent } from '../../support/sse-client.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';
import { BACKENDS, BACKENDS_WITH_CLUSTER, type Backend } from '../../support/backends.ts';

/** The store reads an exchange made, listed in its http event (run on each backend, the cluster too). */
async function listsTheReads(lab: LabServer, backend: Backend): Promise<void> {
  const url = (path: string) => `${lab.served.url}/api/v1/inspector${path}`;
  const withKey = { 'X-Lab-Key': TEST_LAB_KEY };
  const stream = await openSse(url(`/events?labKey=${TEST_LAB_KEY}`));
  try {
    const browser = new LabClient(lab.served.url);
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    expect((await browser.agent.get('/api/v1/session/me')).status).toBe(200);
    const me = await waitFor('the session check', () =>
      stream.events.find((e) => e.type === 'http' && e.data.path === '/api/v1/session/me'),
    );
    const readsOf = (event: ReceivedEvent) => (event.data.reads as { command: string }[]).map((read) => read.command);
    // As the store sent it: on a cluster, with the key's hash tag.
    expect(readsOf(me)).toContain(backend.command(`GET sl:sess:${sid}`));
    // The token check with the denylist off reads nothing from the store; on, its jti and its family.
    const token = (await browser.agent.post('/api/v1/token/login').send({ username: 'bob', password: 'bob-lab-pass' }))
      .body.access_token as string;
    const { jti, fam } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      string
    >;
    const data = () =>
      new LabClient(lab.served.url).agent.get('/api/v1/token/data').set('Authorization', `Bearer ${token}`);
    const switchDenylist = (denylist: 'on' | 'off') =>
      new LabClient(lab.served.url).agent.put('/api/v1/lab/token-settings').set(withKey).send({ denylist });
    await switchDenylist('off');
    expect((await data()).status).toBe(200);
    await switchDenylist('on');
    expect((await data()).status).toBe(200);
    const calls = await waitFor('both token checks', () => {
      const found = stream.events.filter((e) => e.type === 'http' && e.data.path === '/api/v1/token/data');
      return found.length >= 2 ? found : undefined;
    });
    expect(readsOf(calls[0]!)).toEqual([]);
    expect(readsOf(calls[1]!)).toEqual(
      expect.arrayContaining([
        backend.command(`EXISTS sl:denylist:${jti}`),
        expect.stringMatching(new RegExp(`^EXISTS \\S*refresh_revoked:${fam}$`)),
      ]),
    );
  } finally {
    stream.close();
  }
}

describe.each(BACKENDS)('inspector on $name', (backend) => {
  const lab = useLabServer(backend, { ringSize: 50, config: { sweepIntervalMs: 100 } });
  const url = (path: string) => `${lab.served.url}/api/v1/inspector${path}`;
  const withKey = { 'X-Lab-Key': TEST_LAB_KEY };

  it("refuses everything without this launch's lab key", async () => {
    const client = new LabClient(lab.served.url);
    for (const path of [
      '/api/v1/inspector/keys',
      '/api/v1/inspector/keys/sl:x',
      '/api/v1/inspector/events',
      '/api/v1/inspector/har',
    ]) {
      const res = await client.agent.get(path);
      expect(res.status, path).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
      expect((await client.agent.get(path).set('X-Lab-Key', 'wrong')).status).toBe(401);
    }
    expect((await client.agent.delete('/api/v1/inspector/keys/sl:x')).status).toBe(401);
    expect((await client.agent.post('/api/v1/inspector/keys/sl:x/expire').send({ ms: 1 })).status).toBe(401);
    expect((await client.agent.get('/api/v1/inspector/keys').set(withKey)).status).toBe(200);
    // The key in the query is taken by the event stream alone (EventSource sends no headers): a leaked URL of any other route does nothing.
    const inQuery = `labKey=${TEST_LAB_KEY}`;
    for (const [what, refused] of [
      ['keys', client.agent.get(`/api/v1/inspector/keys?${inQuery}`)],
      ['key detail', client.agent.get(`/api/v1/inspector/keys/sl%3Ax?${inQuery}`)],
      ['har', client.agent.get(`/api/v1/inspector/har?${inQuery}`)],
      ['delete', client.agent.delete(`/api/v1/inspector/keys/sl%3Ax?${inQuery}`)],
      ['expire', client.agent.post(`/api/v1/inspector/keys/sl%3Ax/expire?${inQuery}`).send({ ms: 1 })],
    ] as const) {
      const res = await refused;
      expect(res.status, what).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
    const byQuery = await openSse(url(`/events?${inQuery}`));
    expect(byQuery.status).toBe(200);
    byQuery.close();
    const stream = await openSse(url('/events'));
    expect(stream.status).toBe(401);
    stream.close();
  });

  it('streams a login as its http event, then the key events it caused', async () => {
    const stream = await openSse(url(`/events?labKey=${TEST_LAB_KEY}`));
    const browser = new LabClient(lab.served.url);
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    const http = await waitFor('the login exchange', () =>
      stream.events.find((e) => e.type === 'http' && e.data.path === '/api/v1/session/login'),
    );
    expect(http.data).toMatchObject({ method: 'POST', status: 200 });
    expect(http.data.requestBody).toContain('"password":"[redacted]"');
    expect(JSON.stringify(http.data.responseHeaders)).toContain('sl_session=');
    expect(Number(http.data.duration)).toBeGreaterThan(0);
    const caused = await waitFor('its key events', () => {
      const events = stream.events.filter((e) => e.type === 'key' && e.data.cause === http.data.id);
      return events.some((e) => e.data.key === `sl:sess:${sid}`) && events.length >= Number(http.data.effects)
        ? events
        : undefined;
    });
    expect(caused.every((e) => e.id > http.id)).toBe(true);
    // The http event said how many would follow, and exactly that many did.
    expect(http.data.effects).toBe(caused.length);
    expect(caused.map((e) => String(e.data.command).split(' ')[0])).toEqual(
      expect.arrayContaining(['SET', 'ZADD', 'PEXPIRE']),
    );
    expect(caused.find((e) => e.data.key === `sl:sess:${sid}`)!.data.command).toMatch(
      new RegExp(`^SET sl:sess:${sid} '\\{"v":2,"u":`),
    );
    stream.close();
  });

  it('lists the store reads an exchange made in its http event: the cookie check reads its session, the token check nothing (or the denylist)', () =>
    listsTheReads(lab, backend));

  it('streams an expiry within a second of the TTL, caused by the store itself', async () => {
    const stream = await openSse(url(`/events?labKey=${TEST_LAB_KEY}`));
    const setAt = Date.now();
    await lab.t.store.set('sl:lab:short', 'v', { px: 300 });
    const expired = await waitFor('the expiry', () =>
      stream.events.find((e) => e.type === 'key' && e.data.op === 'expired' && e.data.key === 'sl:lab:short'),
    );
    expect(expired.data.cause).toBe('expiry');
    expect(Number(expired.data.at) - (setAt + 300)).toBeLessThan(1_000);
    stream.close();
  });

  it('resumes with Last-Event-ID: exactly the missed events, then a notice when the ring no longer has them', async () => {
    const first = await openSse(url(`/events?labKey=${TEST_LAB_KEY}`));
    await lab.t.store.set('sl:lab:a', '1');
    const seen = await waitFor('the first event', () => first.events.find((e) => e.data.key === 'sl:lab:a'));
    first.close();
    for (let i = 0; i < 5; i++) await lab.t.store.set(`sl:lab:missed:${i}`, String(i));
    const resumed = await openSse(url('/events'), { ...withKey, 'Last-Event-ID': String(seen.id) });
    const replayed = await waitFor('the replay', () => (resumed.events.length >= 5 ? resumed.events : undefined));
    expect(replayed.map((e) => e.data.key)).toEqual([0, 1, 2, 3, 4].map((i) => `sl:lab:missed:${i}`));
    expect(replayed.map((e) => e.id)).toEqual([1, 2, 3, 4, 5].map((n) => seen.id + n));
    resumed.close();

    for (let i = 0; i < 60; i++) await lab.t.store.set(`sl:lab:flood:${i}`, String(i));
    const late = await openSse(url('/events'), { ...withKey, 'Last-Event-ID': String(seen.id) });
    const notice = await waitFor('the dropped notice', () =>
      late.events.find((e: ReceivedEvent) => e.type === 'dropped'),
    );
    expect(Number(notice.data.dropped)).toBeGreaterThan(0);
    await waitFor('the kept events', () =>
      late.events.some((e) => e.data.key === 'sl:lab:flood:59') ? true : undefined,
    );
    late.close();
  });

  it('pages keys with type, TTL, size and preview, decodes a session, and lets the learner revoke it', async () => {
    const browser = new LabClient(lab.served.url);
    await browser.login('bob', 'bob-lab-pass');
    const sid = browser.sid()!;
    const key = `sl:sess:${sid}`;
    const page = await browser.agent.get('/api/v1/inspector/keys?match=sl:sess:*&count=100').set(withKey);
    const row = page.body.keys.find((r: { key: string }) => r.key === key);
    expect(row).toMatchObject({ type: 'string', size: expect.any(Number) });
    expect(row.pttl).toBeGreaterThan(0);
    expect(row.preview).toMatch(/^\{"v":2,"u":/);
    const detail = await browser.agent.get(`/api/v1/inspector/keys/${key}`).set(withKey);
    expect(detail.body).toMatchObject({
      type: 'string',
      commands: [`GET ${key}`, `PTTL ${key}`],
      decoded: { kind: 'session', user: { username: 'bob' }, state: 'active', format: 2 },
    });
    expect(detail.body.value).toContain('\n  "u"');
    const index = await browser.agent
      .get(`/api/v1/inspector/keys/sl:user_sessions:${lab.t.accounts.findByUsername('bob')!.id}`)
      .set(withKey);
    expect(index.body).toMatchObject({
      type: 'zset',
      commands: [expect.stringMatching(/^ZRANGE \S+ 0 -1 WITHSCORES$/), expect.stringMatching(/^PTTL /)],
    });
    expect(index.body.value).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^${sid} \\(\\d+\\)$`))]),
    );

    const stream = await openSse(url(`/events?labKey=${TEST_LAB_KEY}`));
    const shortened = await browser.agent
      .post(`/api/v1/inspector/keys/${key}/expire`)
      .set(withKey)
      .send({ ms: 60_000 });
    expect(shortened.body.pttl).toBeLessThanOrEqual(60_000);
    expect((await browser.agent.delete(`/api/v1/inspector/keys/${key}`).set(withKey)).status).toBe(204);
    expect((await browser.get('/api/v1/session/me')).status).toBe(401);
    const del = await waitFor('the revocation event', () =>
      stream.events.find((e) => e.type === 'key' && e.data.op === 'del' && e.data.key === key),
    );
    expect(del.data.cause).toBe('inspector');
    expect(stream.events.some((e) => e.type === 'http' && String(e.data.path).startsWith('/api/v1/inspector'))).toBe(
      false,
    );
    expect((await browser.agent.get('/api/v1/inspector/keys/not-ours').set(withKey)).status).toBe(404);
    expect((await browser.agent.get('/api/v1/inspector/keys?match=*').set(withKey)).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    stream.close();
  });

  it('publishes metrics: live sessions, made and ended per second, store latency, Redis memory', async () => {
    const stream = await openSse(url(`/events?labKey=${TEST_LAB_KEY}`));
    await lab.t.metrics.tick();
    const before = (await lab.t.metrics.tick()).liveSessions;
    const browser = new LabClient(lab.served.url);
    await browser.login('alice', 'alice-lab-pass');
    const afterLogin = await lab.t.metrics.tick();
    expect(afterLogin.liveSessions).toBe(before + 1);
    expect(afterLogin.sessionsCreatedPerSecond).toBeGreaterThan(0);
    expect(afterLogin.storeLatencyMs.ops).toBeGreaterThan(0);
    expect(afterLogin.storeLatencyMs.p99).toBeGreaterThanOrEqual(afterLogin.storeLatencyMs.p50);
    if (backend.name === 'redis') expect(afterLogin.usedMemory).toBeGreaterThan(100_000);
    else expect(afterLogin.usedMemory).toBeNull();
    if (backend.name === 'redis') expect(afterLogin.storeFile).toBeNull();
    else expect(afterLogin.storeFile?.pages).toBeGreaterThan(0);
    expect(afterLogin.storeKind).toBe(backend.name);
    await browser.post('/api/v1/session/logout');
    const afterLogout = await lab.t.metrics.tick();
    expect(afterLogout.liveSessions).toBe(before);
    expect(afterLogout.sessionsDestroyedPerSecond).toBeGreaterThan(0);
    await waitFor('a metrics event', () =>
      stream.events.find((e) => e.type === 'metrics' && e.data.liveSessions === before + 1),
    );
    stream.close();
  });

  it('pages 100k keys completely', async () => {
    const n = 100_000;
    for (let start = 0; start < n; start += 5_000) {
      await lab.t.store.multi(
        Array.from({ length: 5_000 }, (_, i) => ({
          op: 'set' as const,
          key: `sl:bulk:${start + i}`,
          value: 'v',
          px: 600_000,
        })),
      );
    }
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const res = await new LabClient(lab.served.url).agent
        .get(`/api/v1/inspector/keys?match=sl:bulk:*&count=1000&cursor=${encodeURIComponent(cursor)}`)
        .set(withKey);
      for (const row of res.body.keys) seen.add(row.key);
      cursor = res.body.cursor;
    } while (cursor !== '0');
    expect(seen.size).toBe(n);
  }, 180_000);
});

describe('HAR export', () => {
  const lab = useLabServer();

  it('gives the recorded exchanges as HAR 1.2 that validates, secrets redacted', async () => {
    const browser = new LabClient(lab.served.url);
    await browser.login('alice', 'alice-lab-pass');
    await browser.get('/api/v1/session/me');
    await browser.agent.get('/api/v1/hello?x=1');
    const res = await browser.agent.get('/api/v1/inspector/har').set('X-Lab-Key', TEST_LAB_KEY);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('session-lab.har');
    await expect(validate.har(res.body)).resolves.toBeTruthy();
    const entries = res.body.log.entries as {
      request: { url: string; postData?: { text: string } };
      response: { status: number };
    }[];
    expect(entries.map((e) => new URL(e.request.url).pathname)).toEqual([
      '/api/v1/session/login',
      '/api/v1/session/me',
      '/api/v1/hello',
    ]);
    expect(entries[0]!.request.postData!.text).toContain('[redacted]');
    expect(entries[0]!.request.postData!.text).not.toContain('alice-lab-pass');
    expect(entries.map((e) => e.response.status)).toEqual([200, 200, 200]);
    expect(entries.some((e) => e.request.url.includes('/inspector/'))).toBe(false);
  });
});

describe('what the recorder keeps', () => {
  const lab = useLabServer();

  it('never records the inspector (in any case of its path) nor its key, and redacts secrets but not error codes', async () => {
    const stream = await openSse(`${lab.served.url}/api/v1/inspector/events?labKey=${TEST_LAB_KEY}`);
    const browser = new LabClient(lab.served.url);
    await browser.agent.get('/API/V1/INSPECTOR/keys').set('X-Lab-Key', TEST_LAB_KEY);
    await browser.agent.get(`/api/v1/hello?labKey=${TEST_LAB_KEY}`).set('X-Lab-Key', TEST_LAB_KEY);
    // Spelled every way a server would still read it, and on a target no URL parser takes (it used to fail the recorder: 500).
    await browser.agent.get(`//x?a=1&LabKey=${TEST_LAB_KEY}&%6CabKey=${TEST_LAB_KEY}&b`);
    await browser.agent.get(`/api/v1/hello?%6CabKey=${TEST_LAB_KEY}`);
    await browser.agent
      .post('/api/v1/session/login')
      .set('Origin', lab.served.url)
      .send({ username: 'alice', Password: 'secret-pw' });
    await browser.login('alice', 'alice-lab-pass');
    const setup = await browser.post('/api/v1/mfa/setup');
    await browser.post('/api/v1/mfa/verify', { code: '123456' });
    const events = await waitFor('the mfa exchange', () => {
      const http = stream.events.filter((e) => e.type === 'http');
      return http.some((e) => e.data.path === '/api/v1/mfa/verify') ? http : undefined;
    });
    const text = JSON.stringify(events);
    expect(events.some((e) => String(e.data.path).toLowerCase().startsWith('/api/v1/inspector'))).toBe(false);
    expect(text).not.toContain(TEST_LAB_KEY);
    expect(events.find((e) => String(e.data.path).startsWith('//x'))?.data).toMatchObject({
      path: '//x?a=1&LabKey=[redacted]&%6CabKey=[redacted]&b',
    });
    expect(text).not.toContain('secret-pw');
    expect(text).not.toContain(setup.body.secret);
    expect(text).not.toContain('"code\\":\\"123456');
    const verify = events.find((e) => e.data.path === '/api/v1/mfa/verify')!;
    expect(verify.data.requestBody).toContain('"code":"[redacted]"');
    expect(verify.data.responseBody).toContain('"code":"INVALID_MFA_CODE"');
    stream.close();
  });

  it('shows a body that cannot be serialised as a note, never failing the request', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(redactedBody(circular, [])).toBe('<a body that cannot be shown as JSON>');
    expect(redactedBody({ n: 1n }, [])).toBe('<a body that cannot be shown as JSON>');
    expect(redactedBody({ PASSWORD: 'x', nested: { Totp: '1' } }, ['password', 'totp'])).toBe(
      '{"PASSWORD":"[redacted]","nested":{"Totp":"[redacted]"}}',
    );
    // A name that only lower-cases to a secret's (the Kelvin sign K is k) is still found by the quick scan.
    expect(redactedBody({ '\u212Aey': 'x', keys: 'y' }, ['key'])).toBe('{"\u212Aey":"[redacted]","keys":"y"}');
  });
});

// The reads at exchange level on a Redis Cluster too: its commands carry the keys' hash tags.
describe.each(BACKENDS_WITH_CLUSTER.filter((backend) => backend.name === 'redis-cluster'))(
  'inspector reads on $name',
  (backend) => {
    const lab = useLabServer(backend, { ringSize: 50, config: { sweepIntervalMs: 100 } });
    it('lists the store reads an exchange made in its http event: the cookie check reads its session, the token check nothing (or the denylist)', () =>
      listsTheReads(lab, backend));
  },
);
