import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../server/config.ts';
import { totpCode } from '../../../server/auth/totp.ts';
import { KeyRing } from '../../../server/tokens/key-ring.ts';
import { tokenResponseSchema } from '../../../shared/api/tokens.ts';
import { LabClient, serve, type Served } from '../../support/lab-client.ts';
import { TEST_LAB_KEY, testApp, type TestApp } from '../../support/test-app.ts';
import { seedUsers } from '../../support/seed-users.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';

describe.each(BACKENDS_WITH_CLUSTER)('tokens on $name', (backend) => {
  let t: TestApp;
  let served: Served;
  beforeAll(() => backend.setup(), 30_000);
  afterAll(() => backend.teardown());
  afterEach(async () => {
    await served?.close();
    await t?.close();
  });

  async function start(config: Partial<Config> = {}): Promise<LabClient> {
    t = await testApp({ store: await backend.fresh(), config });
    await seedUsers(t.accounts);
    served = await serve(t.app);
    return new LabClient(served.url);
  }
  const tokenLogin = (client: LabClient, body: object) => client.agent.post('/api/v1/token/login').send(body);
  const bearer = (client: LabClient, path: string, token: string) =>
    client.agent.get(path).set('Authorization', `Bearer ${token}`);

  it('token calls neither read nor renew the cookie session a browser sends along', async () => {
    // Every key the app asks the store about, by method.
    const touched: string[] = [];
    const store = await backend.fresh();
    const watched = new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const keys = property === 'multi' ? (args[0] as { key: string }[]).map((op) => op.key) : [args[0]];
          for (const key of keys) if (typeof key === 'string') touched.push(`${String(property)} ${key}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    t = await testApp({ store: watched });
    await seedUsers(t.accounts);
    served = await serve(t.app);
    const client = new LabClient(served.url);
    await client.login('alice', 'alice-lab-pass');
    const sid = client.sid()!;
    const ttlBefore = await store.pttl(`sl:sess:${sid}`);
    touched.length = 0;
    // The same agent: the session cookie goes with every token call.
    const login = await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' });
    expect(login.status).toBe(200);
    const token = login.body.access_token as string;
    expect((await bearer(client, '/api/v1/token/data', token)).status).toBe(200);
    const refreshed = await client.agent
      .post('/api/v1/token/refresh')
      .send({ refresh_token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    const logout = await client.agent
      .post('/api/v1/token/logout')
      .set('Authorization', `Bearer ${refreshed.body.access_token as string}`);
    expect(logout.status).toBe(204);
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.filter((call) => call.includes('sl:sess:') || call.includes('user_sessions'))).toEqual([]);
    // Not renewed: its TTL only ran down.
    expect(await store.pttl(`sl:sess:${sid}`)).toBeLessThanOrEqual(ttlBefore);
    // And the session itself is still there for the cookie.
    expect((await client.agent.get('/api/v1/session/me')).status).toBe(200);
  });

  it('logs in to an access token with the claims and header it should have, and a refresh token in the store', async () => {
    const client = await start();
    const res = await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, delivery: 'body' });
    expect(tokenResponseSchema.parse(res.body)).toEqual(res.body);
    const header = decodeProtectedHeader(res.body.access_token);
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT', kid: expect.stringMatching(/^hs256-/) });
    const claims = decodeJwt(res.body.access_token);
    expect(claims).toMatchObject({
      iss: 'session-lab',
      aud: 'session-lab-api',
      sub: String(t.accounts.findByUsername('alice')!.id),
      role: 'user',
    });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    const refresh = res.body.refresh_token as string;
    expect(refresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse((await t.store.get(`sl:refresh:${refresh}`))!)).toMatchObject({
      uid: Number(claims.sub),
      parent: null,
    });
    expect(await t.store.pttl(`sl:refresh:${refresh}`)).toBeGreaterThan(7 * 86_400_000 - 60_000);
  });

  it('opens the protected data, /hello and /me to a token or a session, and says which', async () => {
    const client = await start();
    const { body } = await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' });
    const data = await bearer(client, '/api/v1/token/data', body.access_token);
    expect(data.status).toBe(200);
    expect(data.body).toMatchObject({ via: 'bearer', subject: { username: 'alice' } });
    expect((await bearer(client, '/api/v1/hello', body.access_token)).body).toEqual({
      message: 'hello world',
      via: 'bearer',
    });
    expect((await bearer(client, '/api/v1/me', body.access_token)).body).toMatchObject({
      user: { username: 'alice' },
      via: 'bearer',
    });
    expect((await client.get('/api/v1/token/data')).status).toBe(401);
    expect((await client.get('/api/v1/hello')).status).toBe(401);
    await client.login('bob', 'bob-lab-pass');
    expect((await client.get('/api/v1/hello')).body).toEqual({ message: 'hello world', via: 'session' });
    expect((await client.get('/api/v1/me')).body).toMatchObject({ user: { username: 'bob' }, via: 'session' });
    expect((await client.get('/api/v1/token/data')).status).toBe(401);
  });

  it('logs out: the jti goes on the denylist for the rest of its life, the refresh family is revoked', async () => {
    const client = await start();
    const { body } = await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' });
    const { jti, exp } = decodeJwt(body.access_token);
    const out = await client.agent.post('/api/v1/token/logout').set('Authorization', `Bearer ${body.access_token}`);
    expect(out.status).toBe(204);
    // It must outlive every moment the token would still verify: exp plus the clock tolerance.
    const ttl = await t.store.pttl(`sl:denylist:${jti}`);
    expect(ttl).toBeGreaterThan(exp! * 1_000 - Date.now() + t.config.clockToleranceMs);
    expect(ttl).toBeLessThanOrEqual(exp! * 1_000 - Date.now() + t.config.clockToleranceMs + 2_000);
    const after = await bearer(client, '/api/v1/token/data', body.access_token);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('TOKEN_REVOKED');
    const refresh = await client.agent.post('/api/v1/token/refresh').send({ refresh_token: body.refresh_token });
    expect(refresh.body.error.code).toBe('REFRESH_INVALID');
  });

  it("the app's own window (it holds the lab key) flips the switches without signing in; a wrong key is nobody", async () => {
    const client = await start({ denylist: 'off' });
    const anonymous = await client.agent.put('/api/v1/lab/token-settings').send({ denylist: 'on' });
    expect(anonymous.body.error.code).toBe('NOT_AUTHENTICATED');
    const wrongKey = await client.agent
      .put('/api/v1/lab/token-settings')
      .set('X-Lab-Key', `${TEST_LAB_KEY.slice(0, -1)}x`)
      .send({ denylist: 'on' });
    expect(wrongKey.body.error.code).toBe('NOT_AUTHENTICATED');
    const inQuery = await client.agent
      .put(`/api/v1/lab/token-settings?labKey=${TEST_LAB_KEY}`)
      .send({ denylist: 'on' });
    expect(inQuery.body.error.code).toBe('NOT_AUTHENTICATED');
    const window = await client.agent
      .put('/api/v1/lab/token-settings')
      .set('X-Lab-Key', TEST_LAB_KEY)
      .send({ denylist: 'on' });
    expect(window.status).toBe(200);
    expect(window.body.denylist).toBe('on');
    expect((await client.agent.get('/api/v1/lab/token-settings').set('X-Lab-Key', TEST_LAB_KEY)).body.denylist).toBe(
      'on',
    );
  });

  it('with the denylist off, a logged-out token keeps working (and no entry is written)', async () => {
    const client = await start({ denylist: 'off' });
    const { body } = await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' });
    const { jti } = decodeJwt(body.access_token);
    await client.agent.post('/api/v1/token/logout').set('Authorization', `Bearer ${body.access_token}`);
    expect(await t.store.exists(`sl:denylist:${jti}`)).toBe(false);
    expect((await bearer(client, '/api/v1/token/data', body.access_token)).status).toBe(200);
    const byUser = await client.agent
      .put('/api/v1/lab/token-settings')
      .set('Authorization', `Bearer ${body.access_token}`)
      .send({ denylist: 'on' });
    expect(byUser.status).toBe(403);
    const admin = (await tokenLogin(client, { username: 'admin', password: 'admin-lab-pass' })).body.access_token;
    const flipped = await client.agent
      .put('/api/v1/lab/token-settings')
      .set('Authorization', `Bearer ${admin}`)
      .send({ denylist: 'on' });
    expect(flipped.body.denylist).toBe('on');
    await client.agent.post('/api/v1/token/logout').set('Authorization', `Bearer ${body.access_token}`);
    expect((await bearer(client, '/api/v1/token/data', body.access_token)).body.error.code).toBe('TOKEN_REVOKED');
  });

  it('rotates the refresh token on every use, and a reused one revokes its whole family', async () => {
    const client = await start();
    const first = (await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' })).body;
    const second = await client.agent.post('/api/v1/token/refresh').send({ refresh_token: first.refresh_token });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.body.access_token).jti).not.toBe(decodeJwt(first.access_token).jti);
    expect(JSON.parse((await t.store.get(`sl:refresh:${second.body.refresh_token}`))!).parent).toBe(
      first.refresh_token,
    );
    expect(await t.store.exists(`sl:refresh:${first.refresh_token}`)).toBe(false);

    const reused = await client.agent.post('/api/v1/token/refresh').send({ refresh_token: first.refresh_token });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('REFRESH_REUSED');
    const orphan = await client.agent.post('/api/v1/token/refresh').send({ refresh_token: second.body.refresh_token });
    expect(orphan.body.error.code).toBe('REFRESH_INVALID');
    const unknown = await client.agent.post('/api/v1/token/refresh').send({ refresh_token: 'x'.repeat(43) });
    expect(unknown.body.error.code).toBe('REFRESH_INVALID');
  });

  it('lets only one of two simultaneous uses of a refresh token win', async () => {
    const client = await start();
    const { body } = await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' });
    for (let round = 0; round < 5; round++) {
      const { body: login } = await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' });
      const both = await Promise.all(
        [1, 2].map(() => client.agent.post('/api/v1/token/refresh').send({ refresh_token: login.refresh_token })),
      );
      expect(both.map((res) => res.status).sort()).toEqual([200, 401]);
      // The loser's reuse revoked the family, the winner's fresh token with it.
      const winner = both.find((res) => res.status === 200)!.body.refresh_token;
      expect((await client.agent.post('/api/v1/token/refresh').send({ refresh_token: winner })).status).toBe(401);
    }
    expect(body.refresh_token).toBeDefined();
  });

  it('asks an account with MFA for its code, throttled like the cookie flow', async () => {
    const client = await start({ loginMaxFailures: 3 });
    const alice = t.accounts.findByUsername('alice')!;
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    t.accounts.update(alice.id, { totpSecret: secret });
    const missing = await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('MFA_REQUIRED');
    const ok = await tokenLogin(client, {
      username: 'alice',
      password: 'alice-lab-pass',
      totp: totpCode(secret, Date.now()),
    });
    expect(ok.status).toBe(200);
    for (let i = 0; i < 3; i++) await tokenLogin(client, { username: 'bob', password: 'wrong-password' });
    expect((await tokenLogin(client, { username: 'bob', password: 'bob-lab-pass' })).status).toBe(429);
  });

  it('lets a login through whatever stale token the browser holds, and clears a refused token cookie', async () => {
    const client = await start();
    const junk = await client.agent
      .post('/api/v1/token/login')
      .set('Cookie', 'sl_access=junk.junk.junk')
      .send({ username: 'alice', password: 'alice-lab-pass' });
    expect(junk.status).toBe(200);
    const session = await client.agent
      .post('/api/v1/session/login')
      .set('Authorization', 'Bearer a.b.c')
      .set('Origin', served.url)
      .send({ username: 'alice', password: 'alice-lab-pass' });
    expect(session.status).toBe(200);
    const refused = await client.agent.get('/api/v1/hello').set('Cookie', 'sl_access=junk.junk.junk');
    expect(refused.status).toBe(401);
    expect((refused.headers['set-cookie'] as unknown as string[]).some((c) => /^sl_access=;/.test(c))).toBe(true);
  });

  it('switches delivery at run time; a cookie token from another origin is refused', async () => {
    const client = await start();
    const admin = (await tokenLogin(client, { username: 'admin', password: 'admin-lab-pass' })).body.access_token;
    await client.agent
      .put('/api/v1/lab/token-settings')
      .set('Authorization', `Bearer ${admin}`)
      .send({ delivery: 'cookie' });
    const res = await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' });
    expect(res.body.delivery).toBe('cookie');
    const crossSite = await client.agent
      .post('/api/v1/token/logout')
      .set('Origin', 'https://evil.example')
      .set('X-CSRF-Token', res.body.csrf_token);
    expect(crossSite.status).toBe(403);
    const noOrigin = await client.agent.post('/api/v1/token/logout').set('X-CSRF-Token', res.body.csrf_token);
    expect(noOrigin.body.error.code).toBe('CSRF_FAILED');
  });

  it('delivers the token in an HttpOnly cookie when asked, under the CSRF rules of the cookie flow', async () => {
    const client = await start({ tokenDelivery: 'cookie' });
    const res = await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' });
    expect(res.body).not.toHaveProperty('access_token');
    expect(res.body.delivery).toBe('cookie');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sl_access='))!;
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    const data = await client.agent.get('/api/v1/token/data');
    expect(data.body.via).toBe('cookie');
    const noCsrf = await client.agent.post('/api/v1/token/logout').set('Origin', served.url);
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('CSRF_FAILED');
    const out = await client.agent
      .post('/api/v1/token/logout')
      .set('Origin', served.url)
      .set('X-CSRF-Token', res.body.csrf_token);
    expect(out.status).toBe(204);
    expect((await client.agent.get('/api/v1/token/data')).status).toBe(401);
  });

  it('signs with ES256 or EdDSA once switched, publishes their public keys, and keeps older tokens valid', async () => {
    const client = await start();
    const hs = (await tokenLogin(client, { username: 'admin', password: 'admin-lab-pass' })).body.access_token;
    for (const algorithm of ['ES256', 'EdDSA'] as const) {
      await client.agent.put('/api/v1/lab/token-settings').set('Authorization', `Bearer ${hs}`).send({ algorithm });
      const token = (await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' })).body.access_token;
      expect(decodeProtectedHeader(token).alg).toBe(algorithm);
      expect((await bearer(client, '/api/v1/token/data', token)).status).toBe(200);
    }
    expect((await bearer(client, '/api/v1/token/data', hs)).status).toBe(200);
    const jwks = await client.agent.get('/.well-known/jwks.json');
    expect(jwks.body.keys.map((k: { alg: string }) => k.alg).sort()).toEqual(['ES256', 'EdDSA']);
    expect(JSON.stringify(jwks.body)).not.toMatch(/"d":|"k":/);
  });

  it('rotates a key: new tokens carry the new kid, tokens of the old one still verify', async () => {
    const client = await start();
    const before = (await tokenLogin(client, { username: 'admin', password: 'admin-lab-pass' })).body.access_token;
    const rotated = await client.agent
      .post('/api/v1/lab/keys/rotate')
      .set('Authorization', `Bearer ${before}`)
      .send({ algorithm: 'HS256' });
    expect(rotated.status).toBe(200);
    const after = (await tokenLogin(client, { username: 'admin', password: 'admin-lab-pass' })).body.access_token;
    expect(decodeProtectedHeader(after).kid).toBe(rotated.body.kid);
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    expect((await bearer(client, '/api/v1/token/data', before)).status).toBe(200);
    expect((await bearer(client, '/api/v1/token/data', after)).status).toBe(200);
    const alice = (await tokenLogin(client, { username: 'alice', password: 'alice-lab-pass' })).body.access_token;
    expect(
      (await client.agent.post('/api/v1/lab/keys/rotate').set('Authorization', `Bearer ${alice}`).send({})).status,
    ).toBe(403);
  });
});

describe('key files', () => {
  it('are made on first start readable by their owner only, and stay so through a rotation', async () => {
    const t = await testApp();
    try {
      for (const file of ['jwt-keys.json', 'secrets.json'])
        expect(statSync(path.join(t.dataDir, file)).mode & 0o777, file).toBe(0o600);
      const file = path.join(t.dataDir, 'jwt-keys.json');
      chmodSync(file, 0o644);
      const ring = await KeyRing.open(t.dataDir);
      await ring.rotate('HS256', 60_000);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(ring.active('HS256').signKey).toBeInstanceOf(CryptoKey);
      expect(ring.active('ES256').signKey).toBeInstanceOf(CryptoKey);
    } finally {
      await t.close();
    }
  });

  it('always has an active key, even while a rotation is under way', async () => {
    const t = await testApp();
    try {
      const ring = await KeyRing.open(t.dataDir);
      const rotating = ring.rotate('ES256', 60_000);
      expect(ring.active('ES256').alg).toBe('ES256');
      const fresh = await rotating;
      expect(ring.active('ES256').kid).toBe(fresh.kid);
    } finally {
      await t.close();
    }
  });
});
