import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Closers } from '../../../server/closers.ts';
import { createCoreApp, type CoreApp } from '../../../server/core-app.ts';
import type { Inspector } from '../../../server/inspector/inspector.ts';
import { loadLane } from '../../../server/labs/load-lane.ts';
import { BACKENDS } from '../../support/backends.ts';
import { coreTestDeps } from '../../support/core-deps.ts';
import { LabClient, serve, type Served } from '../../support/lab-client.ts';
import { seedUsers } from '../../support/seed-users.ts';
import { capturingLogger } from '../../support/silent-logger.ts';

/** The stand-in for a run's random token: the tally below counts, and the lane answers, only what carries it. */
const LANE = { name: 'x-test-lane', token: 'the-runs-secret' };
const HOUR = 3_600_000;

describe.each(BACKENDS)('the load run’s fast lane (server/labs/load-lane.ts) on $name', (backend) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-load-lane-'));
  const closers = new Closers();
  const counted: { path: string; status: number }[] = [];
  let clock = Date.now();
  let inspector: Inspector;
  let served: Served;

  beforeAll(async () => {
    await backend.setup();
    const logger = capturingLogger().logger;
    const deps = await coreTestDeps(dataDir, await backend.fresh(), closers, { logger, now: () => clock });
    await seedUsers(deps.accounts);
    const core: CoreApp = createCoreApp(deps, [
      ({ checks }) => {
        const lane = loadLane(checks, logger);
        return {
          tally: {
            matches: (ctx) => ctx.get(LANE.name) === LANE.token,
            count: (ctx) => counted.push({ path: ctx.path, status: ctx.status }),
            answer: lane,
          },
        };
      },
    ]);
    inspector = core.inspector;
    served = await serve(core.app);
  }, 30_000);
  afterAll(async () => {
    await served?.close();
    await closers.closeAll();
    await backend.teardown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const recorded = () => inspector.exchanges().map((exchange) => `${exchange.method} ${exchange.path}`);
  const lastCounted = () => counted.at(-1);

  it('answers the session check by the real cookie session: a live session 200, a logged-out, forged or expired one refused', async () => {
    const alice = new LabClient(served.url);
    expect((await alice.login('alice', 'alice-lab-pass')).status).toBe(200);
    const before = recorded().length;
    const me = () => alice.get('/api/v1/session/me').set(LANE.name, LANE.token);

    const live = await me();
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ user: { id: expect.any(Number), username: 'alice', role: 'user' } });
    // The lane's answer: none of the app's headers for pages, nothing recorded, one count.
    expect(live.headers['content-security-policy']).toBeUndefined();
    expect(lastCounted()).toEqual({ path: '/api/v1/session/me', status: 200 });
    expect(recorded().length).toBe(before);

    // Its idle and absolute lifetimes are the real ones: past the absolute lifetime the session has ended.
    clock += 25 * HOUR;
    const expired = await me();
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('SESSION_EXPIRED');
    expect(lastCounted()!.status).toBe(401);
    clock = Date.now();

    // A forged signature is refused as the app refuses it.
    const sid = alice.sid()!;
    const forged = await request(served.url)
      .get('/api/v1/session/me')
      .set('Cookie', `sl_session=${sid}; sl_session.sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)
      .set(LANE.name, LANE.token);
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('SESSION_COOKIE_INVALID');
    expect(lastCounted()).toEqual({ path: '/api/v1/session/me', status: 401 });

    // A session that was logged out: the store has no record any more.
    const bob = new LabClient(served.url);
    await bob.login('bob', 'bob-lab-pass');
    const cookie = `sl_session=${bob.sid()}; sl_session.sig=${bob.cookie('sl_session.sig')}`;
    expect((await bob.post('/api/v1/session/logout')).status).toBeLessThan(300);
    const gone = await request(served.url).get('/api/v1/session/me').set('Cookie', cookie).set(LANE.name, LANE.token);
    expect(gone.status).toBe(401);
    expect(gone.body.error.code).toBe('NOT_AUTHENTICATED');
    expect(recorded().filter((line) => line === 'GET /api/v1/session/me')).toEqual([]);
  });

  it('answers the token check by the real token reader: a valid token 200, a bad signature or a logged-out token refused', async () => {
    const login = await request(served.url)
      .post('/api/v1/token/login')
      .send({ username: 'bob', password: 'bob-lab-pass' });
    expect(login.status).toBe(200);
    const token: string = login.body.access_token;
    const data = (bearer: string) =>
      request(served.url).get('/api/v1/token/data').set('Authorization', `Bearer ${bearer}`).set(LANE.name, LANE.token);

    const valid = await data(token);
    expect(valid.status).toBe(200);
    expect(valid.body).toEqual({ subject: { id: expect.any(Number), username: 'bob', role: 'user' } });
    expect(lastCounted()).toEqual({ path: '/api/v1/token/data', status: 200 });

    const [header, payload, signature] = token.split('.');
    const tampered = await data(`${header}.${payload}.${signature!.slice(0, -4)}AAAA`);
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe('TOKEN_SIGNATURE_INVALID');
    expect(lastCounted()).toEqual({ path: '/api/v1/token/data', status: 401 });

    // The denylist (on at start) is read: a logged-out token is refused.
    const logout = await request(served.url)
      .post('/api/v1/token/logout')
      .set('Authorization', `Bearer ${token}`)
      .send({ refresh_token: login.body.refresh_token });
    expect(logout.status).toBeLessThan(300);
    const revoked = await data(token);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('TOKEN_REVOKED');

    const missing = await request(served.url).get('/api/v1/token/data').set(LANE.name, LANE.token);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('NOT_AUTHENTICATED');
    expect(recorded().filter((line) => line === 'GET /api/v1/token/data')).toEqual([]);
  });

  it('never takes a request without the token, or with a wrong one: recorded and guarded as any request', async () => {
    const alice = new LabClient(served.url);
    await alice.login('alice', 'alice-lab-pass');
    const countedBefore = counted.length;
    for (const value of [undefined, 'a-guess', `${LANE.token} `.repeat(2)]) {
      const before = recorded().length;
      const get = alice.get('/api/v1/session/me');
      const answer = await (value === undefined ? get : get.set(LANE.name, value));
      expect(answer.status).toBe(200);
      // The route's own answer, with the app's headers, recorded.
      expect(answer.body.user.username).toBe('alice');
      expect(answer.body).toHaveProperty('session');
      expect(answer.headers['content-security-policy']).toBeDefined();
      expect(recorded().slice(before)).toEqual(['GET /api/v1/session/me']);
      // And guarded: another site's Host is refused at the door.
      const foreign = await request(served.url)
        .get('/api/v1/session/me')
        .set('Host', 'evil.example')
        .set(LANE.name, value ?? '');
      expect(foreign.status).toBeGreaterThanOrEqual(400);
      expect(foreign.status).toBeLessThan(500);
      expect(foreign.body.error.code).toMatch(/HOST/);
    }
    expect(counted.length).toBe(countedBefore);
    // With the token, any route but the run's two is answered by the app (counted, with the app's headers).
    const health = await request(served.url).get('/api/v1/health').set(LANE.name, LANE.token);
    expect(health.status).toBe(200);
    expect(health.headers['content-security-policy']).toBeDefined();
    expect(lastCounted()).toEqual({ path: '/api/v1/health', status: 200 });
  });
});
