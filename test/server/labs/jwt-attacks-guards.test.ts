import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import request from 'supertest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JwtKidFolder } from '../../../server/labs/jwt-kid-folder.ts';
import { evilJwksResponseSchema, jwtAttackSwitchesSchema } from '../../../shared/api/lab-jwt-attacks.ts';
import { labSwitchesSchema } from '../../../shared/api/lab-switches.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { testApp } from '../../support/test-app.ts';
import { adminClaims, JwtLabWindow } from './jwt-attack-helpers.ts';

const ROUTES = [
  ['get', '/api/v1/lab/jwt-attacks'],
  ['put', '/api/v1/lab/jwt-attacks'],
  ['post', '/api/v1/lab/jwt-attacks/token'],
  ['get', '/api/v1/lab/jwt-attacks/wordlist'],
  ['get', '/api/v1/lab/jwt-target'],
  ['put', '/api/v1/lab/evil-origin/jwks'],
] as const;

// What keeps the naive verifier a lab's: the lab key, its switch (off at launch, restored), the evil origin as the one
// place jku may name, the lab's own folder as the one place kid may read.
describe('the JWT attack labs: guards, switches and limits', () => {
  const lab = useLabServer();
  let window: JwtLabWindow;
  let sub: string;
  beforeAll(() => {
    window = new JwtLabWindow(lab.served.url);
    sub = String(lab.t.accounts.findByUsername('alice')!.id);
  });
  afterEach(async () => {
    expect((await window.send('delete', '/api/v1/lab/switches')).status).toBe(200);
  });
  const naiveCode = async (token: string) => {
    await window.switches({ naiveVerifier: true });
    const res = await window.target(token);
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    return res.body.error.code as string;
  };

  it('answers every route without the lab key with 401 LAB_KEY_REQUIRED, the switches on or off', async () => {
    const token = await window.targetToken();
    for (const on of [false, true]) {
      await window.switches({ naiveVerifier: on, weakSecret: on });
      for (const [method, route] of ROUTES) {
        const client = request(lab.served.url);
        const res = await client[method](route)
          .set('Origin', lab.served.url)
          .set('Authorization', `Bearer ${token}`)
          .send(method === 'get' ? undefined : {});
        expect(res.status, `${method} ${route}`).toBe(401);
        expect(res.body.error.code, `${method} ${route}`).toBe('LAB_KEY_REQUIRED');
      }
    }
  });

  it('starts with both switches off, takes either alone, and refuses a bad body with 400', async () => {
    const launch = await window.send('get', '/api/v1/lab/jwt-attacks');
    expect(jwtAttackSwitchesSchema.parse(launch.body)).toEqual({ naiveVerifier: false, weakSecret: false });
    expect(await window.switches({ weakSecret: true })).toEqual({ naiveVerifier: false, weakSecret: true });
    expect(await window.switches({ naiveVerifier: true })).toEqual({ naiveVerifier: true, weakSecret: true });
    for (const body of [{ naiveVerifier: 'yes' }, { other: true }, []]) {
      const res = await window.send('put', '/api/v1/lab/jwt-attacks').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const token = await window.send('post', '/api/v1/lab/jwt-attacks/token').send({ sub: 'admin' });
    expect(token.status).toBe(400);
    expect(token.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lists both switches in the summary while on, and DELETE /lab/switches turns both off and takes the key set down', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const put = await window.send('put', '/api/v1/lab/evil-origin/jwks').send({ keys: [await exportJWK(publicKey)] });
    const { url } = evilJwksResponseSchema.parse(put.body);
    expect((await fetch(url)).status).toBe(200);
    await window.switches({ naiveVerifier: true, weakSecret: true });
    const summary = labSwitchesSchema.parse((await window.send('get', '/api/v1/lab/switches')).body);
    expect(summary.changed.filter((entry) => entry.group === 'jwt-attacks').map((entry) => entry.now)).toEqual([
      'on',
      'on',
    ]);
    const restored = labSwitchesSchema.parse((await window.send('delete', '/api/v1/lab/switches')).body);
    expect(restored.changed.filter((entry) => entry.group === 'jwt-attacks')).toEqual([]);
    expect((await window.send('get', '/api/v1/lab/jwt-attacks')).body).toEqual({
      naiveVerifier: false,
      weakSecret: false,
    });
    expect((await fetch(url)).status).toBe(404);
  });

  it('serves a wordlist of a few thousand candidates, text/plain, with the usual JWT secrets', async () => {
    const res = await window.send('get', '/api/v1/lab/jwt-attacks/wordlist');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const words = res.text.trimEnd().split('\n');
    expect(words.length).toBeGreaterThan(2_000);
    expect(new Set(words).size).toBe(words.length);
    for (const word of ['secret', 'secret1', 'your-256-bit-secret', 'changeme', 'password'])
      expect(words).toContain(word);
  });

  it('fetches jku from the evil origin only: any other origin, a bad answer or a missing key is a 401 with its code', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const sign = (jku: string) =>
      new SignJWT(adminClaims(sub)).setProtectedHeader({ alg: 'ES256', kid: 'k1', jku }).sign(privateKey);
    // Before the evil origin runs, nothing is fetched at all.
    expect(await naiveCode(await sign('http://localhost:1/jwks.json'))).toBe('LAB_JKU_FORBIDDEN');
    const put = await window.send('put', '/api/v1/lab/evil-origin/jwks').send({
      keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }],
    });
    const evil = new URL(evilJwksResponseSchema.parse(put.body).url);
    for (const jku of [
      `${lab.served.url}/.well-known/jwks.json`,
      'https://example.com/jwks.json',
      `http://localhost:${Number(evil.port) + 1}/jwks.json`,
      'file:///etc/passwd',
      'not a url',
    ])
      expect(await naiveCode(await sign(jku)), jku).toBe('LAB_JKU_FORBIDDEN');
    for (const where of ['/nothing-here', '/steal.js'])
      expect(await naiveCode(await sign(`${evil.origin}${where}`)), where).toBe('LAB_JKU_FETCH_FAILED');
    const otherKid = await new SignJWT(adminClaims(sub))
      .setProtectedHeader({ alg: 'ES256', kid: 'k2', jku: evil.href })
      .sign(privateKey);
    expect(await naiveCode(otherKid)).toBe('LAB_JKU_FETCH_FAILED');
    // The same key set over the evil origin's other name is its origin too.
    const sameSite = `http://127.0.0.1:${evil.port}/jwks.json`;
    expect((await window.target(await sign(sameSite))).status).toBe(200);
  });

  it('refuses a key set with a private member (400 LAB_JWKS_PRIVATE_KEY), and bodies that are not key sets', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (const key of [await exportJWK(privateKey), { kty: 'oct', k: 'c2VjcmV0' }]) {
      const res = await window.send('put', '/api/v1/lab/evil-origin/jwks').send({ keys: [key] });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('LAB_JWKS_PRIVATE_KEY');
    }
    for (const body of [{}, { keys: [] }, { keys: 'x' }, { keys: [1] }]) {
      const res = await window.send('put', '/api/v1/lab/evil-origin/jwks').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('never reads a kid outside its own folder, however it climbs', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'sl-kid-outside-'));
    const file = path.join(outside, 'secret.key');
    writeFileSync(file, 'outside-secret');
    try {
      for (const kid of [`../../../../../..${file}`, file, `..${file}`, '../keys', '../../dev', 'x\0y']) {
        const token = await new SignJWT(adminClaims(sub))
          .setProtectedHeader({ alg: 'HS256', kid })
          .sign(new TextEncoder().encode('outside-secret'));
        expect(await naiveCode(token), kid).toBe('LAB_KID_NOT_FOUND');
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("accepts the real API's own token with the switch off, as the real verifier, and names no admin", async () => {
    const login = await request(lab.served.url)
      .post('/api/v1/token/login')
      .set('Origin', lab.served.url)
      .send({ username: 'alice', password: 'alice-lab-pass' });
    const res = await window.target(login.body.access_token as string);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ verifier: 'real', admin: false, claims: { sub, role: 'user' } });
    expect(res.body.how).toMatch(/as the real API does/);
  });

  it('refuses alg none and a bad signature even when naive, and a missing or malformed Authorization', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(adminClaims(sub))).toString('base64url')}.`;
    expect(await naiveCode(none)).toBe('TOKEN_ALG_NOT_ALLOWED');
    const [h, p] = (await window.targetToken()).split('.');
    expect(await naiveCode(`${h}.${Buffer.from(JSON.stringify(adminClaims(sub))).toString('base64url')}.${p}`)).toBe(
      'TOKEN_SIGNATURE_INVALID',
    );
    const bare = await window.send('get', '/api/v1/lab/jwt-target');
    expect([bare.status, bare.body.error.code]).toEqual([401, 'NOT_AUTHENTICATED']);
    const basic = await window.send('get', '/api/v1/lab/jwt-target').set('Authorization', 'Basic YTpi');
    expect([basic.status, basic.body.error.code]).toEqual([401, 'TOKEN_MALFORMED']);
  });
});

describe("the JWT labs' kid folder", () => {
  it('is a tiny filesystem root under the temp directory, and goes with the app that made it', async () => {
    const folder = new JwtKidFolder();
    expect(path.dirname(folder.root)).toBe(os.tmpdir());
    expect(folder.read('../../../../dev/null')).toEqual({ path: '/dev/null', bytes: Buffer.alloc(0) });
    expect(folder.read('target').path).toBe('/keys/target');
    folder.remove();
    expect(existsSync(folder.root)).toBe(false);
    const ours = () => new Set(readdirSync(os.tmpdir()).filter((name) => name.startsWith('sl-jwt-kid-')));
    const before = ours();
    const t = await testApp();
    // The labs are built on the first request to one of their routes (this one answers 401 without the lab key).
    expect((await request(t.app.callback()).get('/api/v1/lab/jwt-target')).status).toBe(401);
    const made = [...ours()].filter((name) => !before.has(name));
    expect(made.length).toBeGreaterThan(0);
    await t.close();
    expect(made.some((name) => !existsSync(path.join(os.tmpdir(), name)))).toBe(true);
  });
});
