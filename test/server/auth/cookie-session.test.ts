import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CookieSigner } from '../../../server/auth/cookie-signer.ts';
import { meResponseSchema, sessionListSchema } from '../../../shared/api/session.ts';
import { loadSecrets } from '../../../server/auth/secrets.ts';
import { newSid } from '../../../server/auth/session-keys.ts';
import { readStoredRecord } from '../../../server/auth/session-record.ts';
import type { Config } from '../../../server/config.ts';
import type { KeyChange } from '../../../shared/store-events.ts';
import { LabClient, serve, type Served } from '../../support/lab-client.ts';
import { testApp, type TestApp } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { scanAll } from '../../support/scan-all.ts';
import { seedUsers } from '../../support/seed-users.ts';

describe.each(BACKENDS_WITH_CLUSTER)('cookie sessions on $name', (backend) => {
  let t: TestApp;
  let served: Served;
  let changes: KeyChange[];
  beforeAll(() => backend.setup(), 30_000);
  afterAll(() => backend.teardown());
  afterEach(async () => {
    await served?.close();
    await t?.close();
  });

  async function start(config: Partial<Config> = {}, now?: () => number): Promise<string> {
    t = await testApp({ store: await backend.fresh(), config, ...(now ? { now } : {}) });
    await seedUsers(t.accounts);
    changes = [];
    t.store.onChange((change) => changes.push(change));
    served = await serve(t.app);
    return served.url;
  }

  it('logs in with an HttpOnly, SameSite, signed cookie and a session in the store', async () => {
    const browser = new LabClient(await start());
    const res = await browser.login('alice', 'alice-lab-pass');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'alice', role: 'user' });
    expect(res.body.session).toMatchObject({ state: 'active', mfaVerified: false });
    const cookies = res.headers['set-cookie'] as unknown as string[];
    const session = cookies.find((c) => c.startsWith('sl_session='))!;
    expect(session).toMatch(/; httponly/i);
    expect(session).toMatch(/; samesite=lax/i);
    // Without Remember me: a browser-session cookie, which the browser drops when it closes.
    expect(session).not.toMatch(/expires=|max-age=/i);
    expect(cookies.some((c) => c.startsWith('sl_session.sig='))).toBe(true);

    const sid = browser.sid()!;
    expect(sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // The compact stored form (version 2): short names, times after the creation as offsets, defaults left out.
    const raw = (await t.store.get(`sl:sess:${sid}`))!;
    const compact = JSON.parse(raw);
    expect(Object.keys(compact)).toEqual(['v', 'u', 'a', 'c', 'l', 'e', 'ua', 'ip']);
    expect(compact).toMatchObject({ v: 2, u: expect.any(Number), ua: 'LabClient/1.0' });
    expect(compact.l).toBeGreaterThanOrEqual(0);
    expect(compact.a).toBe(t.accounts.findByUsername('alice')!.accountKey);
    expect(compact.e).toBe(t.config.sessionAbsoluteTtlMs);
    const stored = readStoredRecord(raw)!.record;
    expect(stored).toMatchObject({ uid: compact.u, state: 'active', mfa: false, remember: false, created: compact.c });
    expect(stored.until - stored.created).toBe(t.config.sessionAbsoluteTtlMs);
    const ttl = await t.store.pttl(`sl:sess:${sid}`);
    expect(ttl).toBeGreaterThan(t.config.sessionIdleTtlMs - 5_000);
    expect(ttl).toBeLessThanOrEqual(t.config.sessionIdleTtlMs);
    const indexKey = `sl:user_sessions:${stored.uid}`;
    expect(await t.store.zrange(indexKey)).toEqual([{ member: sid, score: stored.created }]);
    expect(await t.store.pttl(indexKey)).toBeGreaterThanOrEqual(ttl);
    expect(changes.map((c) => c.command.split(' ').slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining([`SET sl:sess:${sid}`, `ZADD ${indexKey}`, `PEXPIRE ${indexKey}`].map(backend.command)),
    );

    const me = await browser.get('/api/v1/session/me');
    expect(me.status).toBe(200);
    expect(meResponseSchema.parse(me.body)).toEqual(me.body);
    expect(meResponseSchema.parse(res.body)).toEqual(res.body);
    expect(me.body.user.username).toBe('alice');
    expect(me.body.session.csrfToken).toBe(browser.csrf);
  });

  it('never promotes an id the browser brought: a planted id is replaced at login', async () => {
    const url = await start();
    const signer = new CookieSigner(loadSecrets(t.dataDir).cookieKeys);
    const planted = newSid();
    const browser = new LabClient(url);
    browser.agent.jar.setCookies(
      [`sl_session=${planted}; Path=/`, `sl_session.sig=${signer.sign(`sl_session=${planted}`)}; Path=/`],
      '127.0.0.1',
      '/',
    );
    expect(browser.sid()).toBe(planted);
    expect((await browser.login('alice', 'alice-lab-pass')).status).toBe(200);
    expect(browser.sid()).not.toBe(planted);
    expect(await t.store.exists(`sl:sess:${planted}`)).toBe(false);

    const first = browser.sid()!;
    expect((await browser.login('bob', 'bob-lab-pass')).status).toBe(200);
    expect(browser.sid()).not.toBe(first);
    expect(await t.store.exists(`sl:sess:${first}`)).toBe(false);
  });

  it('logs out: deletes the session and its index entry, clears the cookie; the old cookie is then useless', async () => {
    const browser = new LabClient(await start());
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    const uid = readStoredRecord((await t.store.get(`sl:sess:${sid}`))!)!.record.uid;
    const sig = browser.cookie('sl_session.sig')!;
    const res = await browser.post('/api/v1/session/logout');
    expect(res.status).toBe(204);
    expect((res.headers['set-cookie'] as unknown as string[]).some((c) => /^sl_session=;/.test(c))).toBe(true);
    expect(await t.store.exists(`sl:sess:${sid}`)).toBe(false);
    expect(await t.store.zrange(`sl:user_sessions:${uid}`)).toEqual([]);
    const replay = new LabClient(served.url);
    replay.agent.jar.setCookies([`sl_session=${sid}; Path=/`, `sl_session.sig=${sig}; Path=/`], '127.0.0.1', '/');
    const me = await replay.get('/api/v1/session/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('NOT_AUTHENTICATED');
  });

  it('ends an idle session when its key expires', async () => {
    const browser = new LabClient(await start({ sessionIdleTtlMs: 1_000, sessionTouchMs: 0 }));
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    await waitFor(
      'the session key to expire',
      () => changes.find((c) => c.op === 'expired' && c.key === `sl:sess:${sid}`),
      8_000,
    );
    const me = await browser.get('/api/v1/session/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('NOT_AUTHENTICATED');
    const alice = t.accounts.findByUsername('alice')!;
    const expired = t.accounts.db
      .prepare("SELECT user_id, sid_hash, detail FROM audit_events WHERE event = 'expired'")
      .all();
    expect(expired).toEqual([
      {
        user_id: alice.id,
        sid_hash: expect.stringMatching(/^[0-9a-f]{16}$/),
        detail: expect.stringMatching(/^key TTL reached/),
      },
    ]);
  });

  it('renews the idle TTL on activity, at most once per touch interval', async () => {
    let now = Date.now();
    const browser = new LabClient(await start({ sessionTouchMs: 5_000 }, () => now));
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    const writes = () => changes.filter((c) => c.op === 'set' && c.key === `sl:sess:${sid}`).length;
    expect(writes()).toBe(1);
    for (let i = 0; i < 5; i++) expect((await browser.get('/api/v1/session/me')).status).toBe(200);
    expect(writes()).toBe(1);
    now += 5_000;
    expect((await browser.get('/api/v1/session/me')).status).toBe(200);
    expect(writes()).toBe(2);
    expect(readStoredRecord((await t.store.get(`sl:sess:${sid}`))!)!.record.seen).toBe(now);
  });

  it('ends a session at its absolute lifetime however active it is', async () => {
    let now = Date.now();
    const browser = new LabClient(await start({ sessionAbsoluteTtlMs: 60_000, sessionTouchMs: 0 }, () => now));
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    now += 59_000;
    expect((await browser.get('/api/v1/session/me')).status).toBe(200);
    expect(await t.store.pttl(`sl:sess:${sid}`)).toBeLessThanOrEqual(1_000);
    now += 1_000;
    const me = await browser.get('/api/v1/session/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('SESSION_EXPIRED');
    expect(await t.store.exists(`sl:sess:${sid}`)).toBe(false);
  });

  it('evicts the oldest session when a login goes past the per-user limit, and audits it', async () => {
    const url = await start({ sessionLimit: 2 });
    const [first, second, third] = [new LabClient(url), new LabClient(url), new LabClient(url)];
    for (const browser of [first, second, third])
      expect((await browser.login('alice', 'alice-lab-pass')).status).toBe(200);
    expect((await first.get('/api/v1/session/me')).status).toBe(401);
    expect((await second.get('/api/v1/session/me')).status).toBe(200);
    expect((await third.get('/api/v1/session/me')).status).toBe(200);
    const list = await third.get('/api/v1/session/list');
    expect(list.body.sessions).toHaveLength(2);
    const audit = await third.get('/api/v1/audit?event=evicted');
    expect(audit.body.events).toHaveLength(1);
  });

  it('refuses a cookie-authenticated change without the CSRF token or a same-origin Origin/Referer', async () => {
    const browser = new LabClient(await start());
    await browser.login('alice', 'alice-lab-pass');
    const noToken = await browser.agent.post('/api/v1/session/logout').set('Origin', served.url);
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('CSRF_FAILED');
    const noOrigin = await browser.agent.post('/api/v1/session/logout').set('X-CSRF-Token', browser.csrf);
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body.error.code).toBe('CSRF_FAILED');
    const crossSite = await browser.agent
      .post('/api/v1/session/logout')
      .set('Origin', 'https://evil.example')
      .set('X-CSRF-Token', browser.csrf);
    expect(crossSite.status).toBe(403);
    const viaReferer = await browser.agent
      .post('/api/v1/session/logout')
      .set('Referer', `${served.url}/labs`)
      .set('X-CSRF-Token', browser.csrf);
    expect(viaReferer.status).toBe(204);
  });

  it('throttles failed logins, in counters the store shows, and never says whether the username exists', async () => {
    const browser = new LabClient(await start({ loginMaxFailures: 3, loginMaxPerAddress: 3 }));
    const unknown = await browser.login('nobody-here', 'wrong-password');
    const wrong = await browser.login('alice', 'wrong-password');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect((await browser.login('alice', 'wrong-password')).status).toBe(401);
    const blocked = await browser.login('bob', 'bob-lab-pass');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(250);
    expect(await t.store.get('sl:throttle:user:alice')).toBe('2');
    expect(await t.store.get('sl:throttle:user:nobody-here')).toBe('1');
    const [ipKey] = await scanAll(t.store, 'sl:throttle:ip:*');
    // Attempts are counted before the password is checked, refused ones included.
    expect(await t.store.get(ipKey!)).toBe('4');
    expect(await t.store.pttl(ipKey!)).toBeGreaterThan(250_000);
    const audit = t.accounts.db.prepare("SELECT count(*) AS n FROM audit_events WHERE event = 'throttled'").get() as {
      n: number;
    };
    expect(audit.n).toBe(1);
  });

  it('answers a tampered, garbage or oversized cookie 401 with a code, never 500', async () => {
    const browser = new LabClient(await start());
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    const sig = browser.cookie('sl_session.sig')!;
    const cases = [
      `sl_session=${sid}; sl_session.sig=${sig.slice(0, -2)}xx`,
      `sl_session=${newSid()}; sl_session.sig=${sig}`,
      `sl_session=${sid}`,
      `sl_session=%%%garbage%%%; sl_session.sig=abc`,
      `sl_session=${'A'.repeat(8_000)}; sl_session.sig=${sig}`,
    ];
    for (const cookie of cases) {
      const res = await request(served.url).get('/api/v1/session/me').set('Cookie', cookie);
      expect(res.status, cookie.slice(0, 60)).toBe(401);
      expect(res.body.error.code).toBe('SESSION_COOKIE_INVALID');
    }
    const huge = await request(served.url)
      .get('/api/v1/session/me')
      .set('Cookie', `sl_session=${'A'.repeat(20_000)}`);
    expect(huge.status).toBe(431);
    expect(huge.body.error.code).toBe('HEADERS_TOO_LARGE');
  });

  it('does not let parallel guesses past the login limit', async () => {
    const url = await start({ loginMaxFailures: 5 });
    const guesses = await Promise.all(
      Array.from({ length: 30 }, () => new LabClient(url).login('alice', 'wrong-password')),
    );
    expect(guesses.filter((res) => res.status === 401)).toHaveLength(5);
    expect(guesses.filter((res) => res.status === 429)).toHaveLength(25);
  });

  it('answers a disabled account exactly like a wrong password', async () => {
    const browser = new LabClient(await start());
    const bob = t.accounts.findByUsername('bob')!;
    t.accounts.update(bob.id, { disabled: true });
    const right = await browser.login('bob', 'bob-lab-pass');
    const wrong = await browser.login('bob', 'wrong-password');
    expect(right.status).toBe(401);
    expect(right.body).toEqual(wrong.body);
  });

  it('logging in again replaces the session without evicting another one', async () => {
    const url = await start({ sessionLimit: 2 });
    const [a, b] = [new LabClient(url), new LabClient(url)];
    await a.login('alice', 'alice-lab-pass');
    await b.login('alice', 'alice-lab-pass');
    await b.login('alice', 'alice-lab-pass');
    expect((await a.get('/api/v1/session/me')).status).toBe(200);
    expect((await b.get('/api/v1/session/me')).body.user.username).toBe('alice');
    expect((await a.get('/api/v1/session/list')).body.sessions).toHaveLength(2);
  });

  it('clears a well-signed cookie whose session has ended', async () => {
    const browser = new LabClient(await start());
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    await t.store.del(`sl:sess:${sid}`);
    const me = await browser.get('/api/v1/session/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('NOT_AUTHENTICATED');
    expect((me.headers['set-cookie'] as unknown as string[]).some((c) => /^sl_session=;/.test(c))).toBe(true);
    expect(browser.sid()).toBeUndefined();
  });

  it('never brings back a session destroyed while a request that touches it was running', async () => {
    let now = Date.now();
    const url = await start({ sessionTouchMs: 1_000 }, () => now);
    const admin = new LabClient(url);
    await admin.login('admin', 'admin-lab-pass');
    const sid = admin.sid()!;
    now += 5_000;
    const self = t.accounts.findByUsername('admin')!;
    const changed = await admin.put(`/api/v1/users/${self.id}`, { password: 'admin-new-pass-1' });
    expect(changed.status).toBe(200);
    expect(changed.body.sessionsEnded).toBe(1);
    expect(await t.store.exists(`sl:sess:${sid}`)).toBe(false);
    expect((await admin.get('/api/v1/session/me')).status).toBe(401);
  });

  it("answers a request's own error even when saving the session behind it fails", async () => {
    let now = Date.now();
    const url = await start({ sessionTouchMs: 1_000 }, () => now);
    const admin = new LabClient(url);
    await admin.login('admin', 'admin-lab-pass');
    now += 5_000;
    await backend.breakWrites(t.store, async () => {
      const res = await admin.post('/api/v1/users', { username: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  it('lists my sessions and revokes one, or all the others', async () => {
    const url = await start();
    const [laptop, phone, tablet] = [
      new LabClient(url, 'Laptop'),
      new LabClient(url, 'Phone'),
      new LabClient(url, 'Tablet'),
    ];
    for (const browser of [laptop, phone, tablet]) await browser.login('alice', 'alice-lab-pass');
    const list = await laptop.get('/api/v1/session/list');
    expect(sessionListSchema.parse(list.body)).toEqual(list.body);
    expect(list.body.sessions.map((s: { userAgent: string }) => s.userAgent)).toEqual(['Laptop', 'Phone', 'Tablet']);
    expect(list.body.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(laptop.sid()!);
    const phoneId = list.body.sessions.find((s: { userAgent: string }) => s.userAgent === 'Phone').id;
    expect((await laptop.delete(`/api/v1/session/${phoneId}`)).status).toBe(204);
    expect((await phone.get('/api/v1/session/me')).status).toBe(401);
    expect((await laptop.delete(`/api/v1/session/${phoneId}`)).status).toBe(404);
    expect((await laptop.post('/api/v1/session/revoke-others')).body).toEqual({ revoked: 1 });
    expect((await tablet.get('/api/v1/session/me')).status).toBe(401);
    expect((await laptop.get('/api/v1/session/me')).status).toBe(200);
  });

  it('with fingerprint binding, destroys a session used from another user agent', async () => {
    const browser = new LabClient(await start({ sessionFingerprint: 'ua' }), 'Firefox/140');
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    expect((await browser.get('/api/v1/session/me')).status).toBe(200);
    browser.userAgent = 'curl/8.0';
    const stolen = await browser.get('/api/v1/session/me');
    expect(stolen.status).toBe(401);
    expect(stolen.body.error.code).toBe('SESSION_FINGERPRINT_MISMATCH');
    expect(await t.store.exists(`sl:sess:${sid}`)).toBe(false);
  });
});
