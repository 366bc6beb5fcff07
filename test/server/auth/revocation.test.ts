import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../server/config.ts';
import { userChangeResponseSchema, userDeleteResponseSchema } from '../../../shared/api/users.ts';
import { LabClient, serve, type Served } from '../../support/lab-client.ts';
import { TEST_LAB_KEY, testApp, type TestApp } from '../../support/test-app.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { seedUsers } from '../../support/seed-users.ts';
import { PasswordHasher } from '../../../server/accounts/password.ts';
import { scanAll } from '../../support/scan-all.ts';

/** The tests' password hasher, which can hold the next successful check until released (a login in the middle of hashing). */
class HeldPasswords extends PasswordHasher {
  #gate: Promise<void> | null = null;
  #release = () => {};
  #reached = () => {};
  reached: Promise<void> = Promise.resolve();

  constructor() {
    super({ N: 1_024, r: 8, p: 1 });
  }

  hold(): void {
    this.#gate = new Promise((resolve) => (this.#release = resolve));
    this.reached = new Promise((resolve) => (this.#reached = resolve));
  }

  release(): void {
    this.#gate = null;
    this.#release();
  }

  override async verify(password: string, stored: string): Promise<boolean> {
    const ok = await super.verify(password, stored);
    if (ok && this.#gate) {
      this.#reached();
      await this.#gate;
    }
    return ok;
  }
}

// Revoking accounts and credentials: a deleted user's id is never another's, and every credential names its account;
// a password, role or account change ends the user's refresh families as well as their sessions (while lab 13 runs a
// role change ends nothing: the role is read live, and a refresh signs with the current one); a family has an
// absolute end; reuse takes the family's access tokens with it where the denylist is on.
describe.each(BACKENDS_WITH_CLUSTER)('revocation on $name', (backend) => {
  let t: TestApp;
  let served: Served;
  let admin: LabClient;
  /** Added to the real time by the app's clock (the store's own TTLs run in real time). */
  let skewMs = 0;
  beforeAll(() => backend.setup(), 30_000);
  afterAll(() => backend.teardown());
  afterEach(async () => {
    await served?.close();
    await t?.close();
    skewMs = 0;
  });

  async function start(config: Partial<Config> = {}, passwords?: PasswordHasher): Promise<void> {
    t = await testApp({
      store: await backend.fresh(),
      config,
      now: () => Date.now() + skewMs,
      ...(passwords ? { passwords } : {}),
    });
    await seedUsers(t.accounts);
    served = await serve(t.app);
    admin = new LabClient(served.url);
    expect((await admin.login('admin', 'admin-lab-pass')).status).toBe(200);
  }
  const createUser = async (username: string, role: 'admin' | 'user' = 'user') => {
    const res = await admin.post('/api/v1/users', {
      username,
      email: `${username}@example.test`,
      password: `${username}-strong-pass-7`,
      role,
    });
    expect(res.status).toBe(201);
    return res.body as { id: number };
  };
  const tokenLogin = async (username: string, password = `${username}-strong-pass-7`) => {
    const res = await admin.agent.post('/api/v1/token/login').send({ username, password });
    expect(res.status).toBe(200);
    return { access: res.body.access_token as string, refresh: res.body.refresh_token as string };
  };
  const withToken = (token: string, path = '/api/v1/me') =>
    admin.agent.get(path).set('Authorization', `Bearer ${token}`);
  const refresh = (token: string) => admin.agent.post('/api/v1/token/refresh').send({ refresh_token: token });
  const setDenylist = (denylist: 'on' | 'off') =>
    admin.agent.put('/api/v1/lab/token-settings').set('X-Lab-Key', TEST_LAB_KEY).send({ denylist });

  it('never gives a deleted user’s id to the next user: her token and refresh token open nothing, her audit events stay hers', async () => {
    await start();
    const eve = await createUser('eve', 'admin');
    const eveBrowser = new LabClient(served.url, 'EveBrowser/1.0');
    expect((await eveBrowser.login('eve', 'eve-strong-pass-7')).status).toBe(200);
    const { access, refresh: refreshToken } = await tokenLogin('eve');
    expect((await withToken(access)).status).toBe(200);

    const deleted = await admin.delete(`/api/v1/users/${eve.id}`);
    expect(deleted.status).toBe(200);
    expect(userDeleteResponseSchema.parse(deleted.body)).toEqual({
      deleted: eve.id,
      sessionsEnded: 1,
      refreshFamiliesRevoked: 1,
    });
    const frank = await createUser('frank');
    expect(frank.id).toBeGreaterThan(eve.id);

    for (const denylist of ['on', 'off'] as const) {
      await setDenylist(denylist);
      const me = await withToken(access);
      expect(me.status, `denylist ${denylist}`).toBe(401);
      expect(me.body.error.code).toBe('TOKEN_ACCOUNT_MISMATCH');
    }
    const refreshed = await refresh(refreshToken);
    expect(refreshed.status).toBe(401);
    expect(refreshed.body.error.code).toBe('REFRESH_INVALID');

    // Frank reads his own audit trail: nothing of eve's (her user agent, her address) in it.
    const frankBrowser = new LabClient(served.url, 'FrankBrowser/1.0');
    expect((await frankBrowser.login('frank', 'frank-strong-pass-7')).status).toBe(200);
    const mine = await frankBrowser.get('/api/v1/audit');
    expect(mine.status).toBe(200);
    expect(mine.body.events.length).toBeGreaterThan(0);
    const onlyFranks = (events: { userId: number; userAgent: string | null }[]) =>
      events.every((event) => event.userId === frank.id && !event.userAgent?.includes('Eve'));
    expect(onlyFranks(mine.body.events)).toBe(true);
    expect(onlyFranks((await admin.get(`/api/v1/audit?userId=${frank.id}`)).body.events)).toBe(true);
    // Hers stay hers, under her name.
    const hers = (await admin.get(`/api/v1/audit?userId=${eve.id}`)).body.events as {
      username: string | null;
      userAgent: string;
    }[];
    expect(hers.some((event) => event.username === 'eve' && event.userAgent === 'EveBrowser/1.0')).toBe(true);
  });

  it('refuses a token and a refresh token whose account key no longer matches, even where an id was reused', async () => {
    await start();
    const eve = await createUser('eve', 'admin');
    const { access, refresh: refreshToken } = await tokenLogin('eve');
    // What an older accounts database did: the row deleted behind the API's back, the same id given to another account.
    t.accounts.delete(eve.id);
    t.accounts.db
      .prepare(
        "INSERT INTO users (id, account_key, username, email, role, password_hash, created_at, updated_at) VALUES (?, 'AAAAAAAAAAAAAAAAAAAAAA', 'frank', 'f@x.test', 'admin', 'x', 0, 0)",
      )
      .run(eve.id);
    expect(t.accounts.findById(eve.id)!.username).toBe('frank');

    const me = await withToken(access);
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('TOKEN_ACCOUNT_MISMATCH');
    const refreshed = await refresh(refreshToken);
    expect(refreshed.status).toBe(401);
    expect(refreshed.body.error.code).toBe('TOKEN_ACCOUNT_MISMATCH');
    // The refused refresh revoked its family: nothing of it is left to try again.
    expect((await refresh(refreshToken)).body.error.code).toBe('REFRESH_INVALID');
  });

  for (const change of [{ password: 'carol-changed-pass-9' }, { role: 'admin' }, { disabled: true }]) {
    it(`a ${Object.keys(change)[0]} change ends the user’s cookie sessions and revokes every refresh family, and says how many`, async () => {
      await start();
      const carol = await createUser('carol');
      const browser = new LabClient(served.url);
      expect((await browser.login('carol', 'carol-strong-pass-7')).status).toBe(200);
      const first = await tokenLogin('carol');
      const second = await tokenLogin('carol');
      // A family already logged out is not counted.
      const third = await tokenLogin('carol');
      expect(
        (await admin.agent.post('/api/v1/token/logout').set('Authorization', `Bearer ${third.access}`)).status,
      ).toBe(204);

      const changed = await admin.put(`/api/v1/users/${carol.id}`, change);
      expect(changed.status).toBe(200);
      expect(userChangeResponseSchema.parse(changed.body)).toMatchObject({
        sessionsEnded: 1,
        refreshFamiliesRevoked: 2,
      });
      expect((await browser.get('/api/v1/session/me')).status).toBe(401);
      for (const { refresh: token } of [first, second]) {
        const refused = await refresh(token);
        expect(refused.status).toBe(401);
        expect(refused.body.error.code).toBe('REFRESH_INVALID');
      }
      // With the denylist on, the families' access tokens are refused at once (a disabled account is refused anyway).
      const access = await withToken(first.access);
      expect(access.status).toBe(401);
      expect(access.body.error.code).toBe('disabled' in change ? 'NOT_AUTHENTICATED' : 'TOKEN_REVOKED');
      expect(await t.store.smembers(`sl:user_refresh:${carol.id}`)).toEqual([]);
    });
  }

  it('while lab 13 runs a role change ends nothing: the cookie session and the admin checks read the role live, a refresh signs the new one, and only the issued token’s claim stays old until it expires', async () => {
    await start();
    const carol = await createUser('carol');
    const browser = new LabClient(served.url);
    expect((await browser.login('carol', 'carol-strong-pass-7')).status).toBe(200);
    const before = await tokenLogin('carol');
    expect((await withToken(before.access, '/api/v1/users')).status).toBe(403);

    // Lab 13's admin: the demo admin's real PUT /api/v1/users/:id, with the policy switched for the lab.
    const promoted = await admin.agent
      .post('/api/v1/lab/stale-claims/role')
      .set('X-Lab-Key', TEST_LAB_KEY)
      .send({ username: 'carol', role: 'admin' });
    expect(promoted.body).toMatchObject({ before: 'user', after: 'admin' });
    const switches = await admin.agent.get('/api/v1/lab/switches').set('X-Lab-Key', TEST_LAB_KEY);
    expect(switches.body.changed).toContainEqual(
      expect.objectContaining({ group: 'account-roles', name: 'after a role change, the user' }),
    );
    const me = await browser.get('/api/v1/session/me');
    expect(me.status).toBe(200);
    expect(me.body.user.role).toBe('admin');
    // The token still says "user" (what a service trusting its claims would act on); this server's own checks read the account.
    const stale = await withToken(before.access, '/api/v1/token/data');
    expect(stale.status).toBe(200);
    expect(stale.body.subject.role).toBe('user');
    expect((await withToken(before.access, '/api/v1/users')).status).toBe(200);

    const refreshed = await refresh(before.refresh);
    expect(refreshed.status).toBe(200);
    const fresh = refreshed.body.access_token as string;
    expect(JSON.parse(Buffer.from(fresh.split('.')[1]!, 'base64url').toString()).role).toBe('admin');
    expect((await withToken(fresh, '/api/v1/token/data')).body.subject.role).toBe('admin');

    // A demotion takes the admin checks away at once, on every credential, though the new token's claim says admin.
    expect((await admin.put(`/api/v1/users/${carol.id}`, { role: 'user' })).body.sessionsEnded).toBe(0);
    expect((await browser.get('/api/v1/users')).status).toBe(403);
    expect((await withToken(fresh, '/api/v1/users')).status).toBe(403);
    expect((await withToken(fresh, '/api/v1/token/data')).body.subject.role).toBe('admin');
    expect(await t.store.smembers(`sl:user_refresh:${carol.id}`)).toHaveLength(1);

    // The restore puts the launch policy back: the next role change ends carol's session and token login.
    expect((await admin.agent.delete('/api/v1/lab/switches').set('X-Lab-Key', TEST_LAB_KEY)).body.changed).toEqual([]);
    const promotedAgain = await admin.put(`/api/v1/users/${carol.id}`, { role: 'admin' });
    expect(promotedAgain.body).toMatchObject({ sessionsEnded: 1, refreshFamiliesRevoked: 1 });
    expect((await browser.get('/api/v1/session/me')).status).toBe(401);
  });

  it('ends only what was made for this very account: a session or refresh family under the same id for another account (another launch on the same Redis) is left alone', async () => {
    await start();
    const carol = await createUser('carol');
    const browser = new LabClient(served.url);
    expect((await browser.login('carol', 'carol-strong-pass-7')).status).toBe(200);
    await tokenLogin('carol');
    // What another Session Lab on the same Redis wrote for its own user with carol's id.
    const other = 'OtherLaunchAccountKey00';
    const now = Date.now();
    await t.store.set(
      'sl:sess:OtherLaunchSessionId00',
      JSON.stringify({
        uid: carol.id,
        acct: other,
        state: 'active',
        created: now,
        seen: now,
        until: now + 60_000,
        mfa: false,
        ua: 'x',
        ip: '127.0.0.1',
      }),
      { px: 60_000 },
    );
    await t.store.zadd(`sl:user_sessions:${carol.id}`, now, 'OtherLaunchSessionId00');
    const family = crypto.randomUUID();
    await t.store.set(
      `sl:refresh:${'o'.repeat(43)}`,
      JSON.stringify({ uid: carol.id, acct: other, family, parent: null, created: now, until: now + 60_000 }),
      { px: 60_000 },
    );
    await t.store.sadd(`sl:refresh_family:${family}`, 'o'.repeat(43));
    await t.store.sadd(`sl:user_refresh:${carol.id}`, family);
    expect((await browser.get('/api/v1/session/list')).body.sessions).toHaveLength(1);

    const changed = await admin.put(`/api/v1/users/${carol.id}`, { password: 'carol-changed-pass-9' });
    expect(changed.body).toMatchObject({ sessionsEnded: 1, refreshFamiliesRevoked: 1 });
    expect(await t.store.exists('sl:sess:OtherLaunchSessionId00')).toBe(true);
    expect(await t.store.zrange(`sl:user_sessions:${carol.id}`)).toEqual([
      { member: 'OtherLaunchSessionId00', score: now },
    ]);
    expect(await t.store.exists(`sl:refresh:${'o'.repeat(43)}`)).toBe(true);
  });

  for (const flow of ['cookie', 'token'] as const) {
    it(`a ${flow} login that checked the old password before a password change and finishes after it keeps nothing`, async () => {
      const held = new HeldPasswords();
      await start({}, held);
      const carol = await createUser('carol');
      // Carol's login is held inside its password check (it passed) while the admin changes her password.
      held.hold();
      const path = flow === 'cookie' ? '/api/v1/session/login' : '/api/v1/token/login';
      const login = new LabClient(served.url)
        .post(path, { username: 'carol', password: 'carol-strong-pass-7' })
        .then((res) => res);
      await held.reached;
      expect((await admin.put(`/api/v1/users/${carol.id}`, { password: 'carol-changed-pass-9' })).body).toMatchObject({
        sessionsEnded: 0,
        refreshFamiliesRevoked: 0,
      });
      held.release();
      const answer = await login;
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        message: expect.stringMatching(/account changed while you signed in/),
      });
      expect(await t.store.zrange(`sl:user_sessions:${carol.id}`)).toEqual([]);
      for (const family of await t.store.smembers(`sl:user_refresh:${carol.id}`))
        expect(await t.store.scard(`sl:refresh_family:${family}`)).toBe(0);
      expect(await scanAll(t.store, 'sl:refresh:*')).toEqual([]);
      if (flow === 'cookie') expect(String(answer.headers['set-cookie'])).toMatch(/sl_session=;/);
    });
  }

  it('with the denylist off, an access token of a revoked login keeps working until it expires (what a stateless token is)', async () => {
    await start({ denylist: 'off' });
    const carol = await createUser('carol');
    const { access, refresh: refreshToken } = await tokenLogin('carol');
    expect(
      (await admin.put(`/api/v1/users/${carol.id}`, { password: 'carol-changed-pass-9' })).body.refreshFamiliesRevoked,
    ).toBe(1);
    expect((await withToken(access)).status).toBe(200);
    expect((await refresh(refreshToken)).status).toBe(401);
    skewMs = t.config.accessTokenTtlMs + t.config.clockToleranceMs + 1_000;
    expect((await withToken(access)).body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('a refresh family ends at its max age from the login however often it is rotated; each rotation’s TTL stops there', async () => {
    await start({ refreshTokenTtlMs: 300_000, refreshMaxAgeMs: 600_000 });
    let { refresh: token } = await tokenLogin('alice', 'alice-lab-pass');
    const family = JSON.parse((await t.store.get(`sl:refresh:${token}`))!) as {
      family: string;
      until: number;
      created: number;
      acct: string;
    };
    expect(family.until - family.created).toBe(600_000);
    expect(family.acct).toBe(t.accounts.findByUsername('alice')!.accountKey);
    expect(await t.store.pttl(`sl:user_refresh:${t.accounts.findByUsername('alice')!.id}`)).toBeGreaterThan(590_000);

    skewMs = 240_000;
    let rotated = await refresh(token);
    expect(rotated.status).toBe(200);
    token = rotated.body.refresh_token;
    expect(await t.store.pttl(`sl:refresh:${token}`)).toBeGreaterThan(290_000);

    // 8 minutes in: the next token lives only the 2 minutes left to the family, not a fresh 5.
    skewMs = 480_000;
    rotated = await refresh(token);
    expect(rotated.status).toBe(200);
    token = rotated.body.refresh_token;
    const left = await t.store.pttl(`sl:refresh:${token}`);
    expect(left).toBeGreaterThan(110_000);
    expect(left).toBeLessThanOrEqual(120_000);
    expect(await t.store.pttl(`sl:refresh_family:${family.family}`)).toBeLessThanOrEqual(120_000);

    skewMs = 600_000;
    const ended = await refresh(token);
    expect(ended.status).toBe(401);
    expect(ended.body.error.code).toBe('REFRESH_EXPIRED');
    expect(await t.store.exists(`sl:refresh:${token}`)).toBe(false);
  });

  it('refresh-token reuse revokes the family and, with the denylist on, every access token issued from it', async () => {
    await start();
    const first = await tokenLogin('alice', 'alice-lab-pass');
    const next = await refresh(first.refresh);
    expect(next.status).toBe(200);
    const reused = await refresh(first.refresh);
    expect(reused.body.error.code).toBe('REFRESH_REUSED');
    for (const access of [first.access, next.body.access_token as string]) {
      const refused = await withToken(access, '/api/v1/token/data');
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('TOKEN_REVOKED');
    }
    // The family's marker outlives every access token it issued.
    const { fam } = JSON.parse(Buffer.from(first.access.split('.')[1]!, 'base64url').toString()) as { fam: string };
    expect(await t.store.pttl(`sl:refresh_revoked:${fam}`)).toBeGreaterThan(t.config.accessTokenTtlMs);

    // With the denylist off, nothing is looked up: the access tokens work until they expire.
    await setDenylist('off');
    expect((await withToken(first.access, '/api/v1/token/data')).status).toBe(200);
  });
});
