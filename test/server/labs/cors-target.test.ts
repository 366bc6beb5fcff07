import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { corsPolicySchema, corsSitesSchema } from '../../../shared/api/lab-cors.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';

const ACCOUNT = '/api/v1/lab/cors/account';
const POLICY = '/api/v1/lab/cors';

describe("the CORS lab's target and its switch (lab 14)", () => {
  const lab = useLabServer();
  const withKey = (client: LabClient, method: 'get' | 'put' | 'delete' | 'post', path: string) =>
    client.agent[method](path).set('X-Lab-Key', TEST_LAB_KEY).set('Origin', client.url);
  const switchTo = (client: LabClient, mode: string) => withKey(client, 'put', POLICY).send({ mode });
  /** What a page on `origin` sends: the browser's cookie with `credentials: 'include'`, and that Origin. */
  const read = (client: LabClient, origin: string, path = ACCOUNT) => client.agent.get(path).set('Origin', origin);
  const preflight = (client: LabClient, origin: string, path = ACCOUNT) =>
    client.agent
      .options(path)
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'x-cors-lab');

  it('its switch and pages are for the lab window only; bad input is 400; DELETE and the switches restore put it back', async () => {
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    for (const res of [
      await alice.get(POLICY),
      await alice.put(POLICY, { mode: 'reflect' }),
      await alice.delete(POLICY),
      await alice.post('/api/v1/lab/cors/sites'),
      await alice.get('/api/v1/lab/cors/reports'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
    for (const body of [{ mode: 'any' }, {}, { mode: ['reflect'] }]) {
      const bad = await withKey(alice, 'put', POLICY).send(body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(corsPolicySchema.parse((await withKey(alice, 'get', POLICY)).body).mode).toBe('same-origin');
    expect((await switchTo(alice, 'reflect')).body.mode).toBe('reflect');
    const switches = await withKey(alice, 'get', '/api/v1/lab/switches');
    expect(switches.body.changed).toContainEqual({
      group: 'cors-policy',
      name: "lab 14's CORS policy",
      now: 'reflect',
      launch: 'same-origin',
    });
    await withKey(alice, 'delete', '/api/v1/lab/switches');
    expect((await withKey(alice, 'get', POLICY)).body.mode).toBe('same-origin');
    await switchTo(alice, 'allowlist');
    expect((await withKey(alice, 'delete', POLICY)).body.mode).toBe('same-origin');
  });

  it('answers each Origin per mode: none by default, the partner alone on the allowlist, anyone when reflecting; preflights alike', async () => {
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    const sites = corsSitesSchema.parse((await withKey(alice, 'post', '/api/v1/lab/cors/sites')).body);
    expect(sites.partnerOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sites.attackerOrigin).not.toBe(sites.partnerOrigin);
    expect(sites.script).toContain("credentials: 'include'");
    const evil = 'http://evil.example';

    try {
      // Default: the server answers (the cookie rode along), but names no origin: the browser keeps it from the page.
      const plain = await read(alice, sites.attackerOrigin);
      expect(plain.status).toBe(200);
      expect(plain.body.user.username).toBe('alice');
      expect(plain.headers['access-control-allow-origin']).toBeUndefined();
      expect(plain.headers['vary']).toMatch(/Origin/);
      expect(plain.headers['x-cors-lab-policy']).toBe('same-origin');
      const refusedPreflight = await preflight(alice, sites.partnerOrigin);
      expect(refusedPreflight.status).toBe(204);
      expect(refusedPreflight.headers['access-control-allow-origin']).toBeUndefined();

      await switchTo(alice, 'allowlist');
      const partner = await read(alice, sites.partnerOrigin);
      expect(partner.headers['access-control-allow-origin']).toBe(sites.partnerOrigin);
      expect(partner.headers['access-control-allow-credentials']).toBe('true');
      expect(partner.headers['vary']).toMatch(/Origin/);
      const partnerPreflight = await preflight(alice, sites.partnerOrigin);
      expect(partnerPreflight.headers).toMatchObject({
        'access-control-allow-origin': sites.partnerOrigin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-headers': 'X-Cors-Lab',
        'access-control-allow-methods': 'GET',
      });
      for (const origin of [sites.attackerOrigin, evil]) {
        expect((await read(alice, origin)).headers['access-control-allow-origin']).toBeUndefined();
        expect((await preflight(alice, origin)).headers['access-control-allow-origin']).toBeUndefined();
      }

      await switchTo(alice, 'reflect');
      for (const origin of [sites.attackerOrigin, evil]) {
        const stolen = await read(alice, origin);
        expect(stolen.headers['access-control-allow-origin']).toBe(origin);
        expect(stolen.headers['access-control-allow-credentials']).toBe('true');
        expect(stolen.body.account.number).toMatch(/^SL-\d{6}$/);
        expect((await preflight(alice, origin)).headers['access-control-allow-origin']).toBe(origin);
      }
      // Signed out: still the policy's headers, and a 401 with its code.
      const anonymous = await new LabClient(lab.served.url).agent.get(ACCOUNT).set('Origin', evil);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('NOT_AUTHENTICATED');

      // The reflect mode is the lab target's alone: the real API names no origin to the attacker, nor answers its preflight.
      for (const path of [
        '/api/v1/session/me',
        '/api/v1/me',
        '/api/v1/users',
        '/api/v1/token/data',
        '/api/v1/health',
      ]) {
        const real = await read(alice, path === '/api/v1/users' ? evil : sites.attackerOrigin, path);
        expect(real.headers['access-control-allow-origin'], path).toBeUndefined();
        expect(real.headers['access-control-allow-credentials'], path).toBeUndefined();
        const realPreflight = await preflight(alice, sites.attackerOrigin, path);
        expect(realPreflight.headers['access-control-allow-origin'], path).toBeUndefined();
        expect(realPreflight.status, path).toBeLessThan(500);
      }
    } finally {
      await withKey(alice, 'delete', POLICY);
    }
  });

  it("serves the sites' pages on their own origins, takes their reports, and frames them from the app's page", async () => {
    const alice = new LabClient(lab.served.url);
    const sites = corsSitesSchema.parse((await withKey(alice, 'post', '/api/v1/lab/cors/sites')).body);
    const page = await fetch(`${sites.attackerOrigin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(await page.text()).toContain('credentials');
    // Another name for the same port (DNS rebinding) is refused (fetch cannot set Host: node:http can).
    const rebound = await new Promise<number>((resolve, reject) =>
      get(`${sites.attackerOrigin}/`, { headers: { Host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject),
    );
    expect(rebound).toBe(403);
    const report = {
      origin: sites.attackerOrigin,
      simple: { read: false, error: 'TypeError: Failed to fetch' },
      preflighted: { read: true, status: 200, body: '{"user":{}}' },
    };
    const post = (body: string) =>
      fetch(`${sites.attackerOrigin}/report`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json' },
      });
    expect((await post(JSON.stringify(report))).status).toBe(204);
    for (const bad of ['nope', '{}', JSON.stringify({ ...report, simple: 1 }), 'x'.repeat(20_000)])
      expect((await post(bad)).status).toBe(400);
    const reports = (await withKey(alice, 'get', '/api/v1/lab/cors/reports')).body.reports;
    expect(reports).toEqual([expect.objectContaining({ ...report, site: 'attacker' })]);
    expect((await withKey(alice, 'delete', '/api/v1/lab/cors/reports')).status).toBe(204);
    expect((await withKey(alice, 'get', '/api/v1/lab/cors/reports')).body.reports).toEqual([]);

    const frame = await alice.get('/lab/cors-frame?site=partner');
    expect(frame.status).toBe(200);
    expect(frame.text).toContain(`${sites.partnerOrigin}/`);
    expect(frame.headers['content-security-policy']).toContain(`frame-src ${sites.partnerOrigin}`);
    expect((await alice.get('/lab/cors-frame?site=elsewhere')).status).toBe(400);
  });
});
