import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenSizeResponseSchema } from '../../../shared/api/lab-token-size.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { BACKENDS } from '../../support/backends.ts';

const PATH = '/api/v1/lab/token-size';

describe.each(BACKENDS)('POST /api/v1/lab/token-size on $name', (backend) => {
  const lab = useLabServer(backend);
  let client: LabClient;
  beforeAll(() => {
    client = new LabClient(lab.served.url);
  });
  const sizeOf = (body: object, labKey: string | null = TEST_LAB_KEY) => {
    const req = client.agent.post(PATH).set('Origin', lab.served.url);
    return (labKey ? req.set('X-Lab-Key', labKey) : req).send(body);
  };
  const data = (token: string) => client.agent.get('/api/v1/token/data').set('Authorization', `Bearer ${token}`);

  it('answers only the app’s own window: no key, a wrong key, or an admin’s own token get 401 LAB_KEY_REQUIRED', async () => {
    const admin = await client.agent
      .post('/api/v1/token/login')
      .send({ username: 'admin', password: 'admin-lab-pass' });
    for (const res of [
      await sizeOf({ extraClaims: 1 }, null),
      await sizeOf({ extraClaims: 1 }, 'x'.repeat(TEST_LAB_KEY.length)),
      await client.agent
        .post(PATH)
        .set('Origin', lab.served.url)
        .set('Authorization', `Bearer ${admin.body.access_token}`)
        .send({ extraClaims: 1 }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
    expect((await client.agent.get(PATH).set('X-Lab-Key', TEST_LAB_KEY)).status).toBe(405);
  });

  it('signs a real access token for alice with N permission claims, which the API accepts, and says its size', async () => {
    const res = await sizeOf({ extraClaims: 3 });
    expect(res.status).toBe(200);
    const answer = tokenSizeResponseSchema.parse(res.body);
    expect(Object.keys(res.body)).toEqual(['extraClaims', 'claims', 'bytes', 'algorithm', 'access_token']);
    expect(answer).toMatchObject({ extraClaims: 3, algorithm: 'HS256', bytes: Buffer.byteLength(answer.access_token) });
    const claims = decodeJwt(answer.access_token);
    expect(claims).toMatchObject({
      iss: 'session-lab',
      aud: 'session-lab-api',
      sub: String(lab.t.accounts.findByUsername('alice')!.id),
      acct: lab.t.accounts.findByUsername('alice')!.accountKey,
      role: 'user',
      perm_1: 'read:reports',
      perm_2: 'write:reports',
      perm_3: 'read:invoices',
    });
    expect(Object.keys(claims)).toHaveLength(answer.claims);
    expect(answer.claims).toBe(9 + 3);
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(decodeProtectedHeader(answer.access_token)).toMatchObject({
      alg: 'HS256',
      typ: 'JWT',
      kid: expect.stringMatching(/^hs256-/),
    });
    const accepted = await data(answer.access_token);
    expect(accepted.status).toBe(200);
    expect(accepted.body.subject).toMatchObject({ username: 'alice', role: 'user' });
  });

  it('grows with every claim, up to 50, all under the 8 KiB limit; a token with none is about a login’s size', async () => {
    const login = await client.agent
      .post('/api/v1/token/login')
      .send({ username: 'alice', password: 'alice-lab-pass' });
    const sizes: number[] = [];
    for (const extraClaims of [0, 1, 10, 50]) {
      const res = await sizeOf({ extraClaims });
      expect((await data(res.body.access_token)).status).toBe(200);
      sizes.push(res.body.bytes);
    }
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(new Set(sizes).size).toBe(4);
    expect(sizes[3]).toBeLessThan(8 * 1_024);
    // The login's token has one more claim (fam, the refresh family's UUID).
    expect(Buffer.byteLength(login.body.access_token) - sizes[0]!).toBeGreaterThan(0);
    expect(Buffer.byteLength(login.body.access_token) - sizes[0]!).toBeLessThan(80);
  });

  it('signs with the algorithm the switch says', async () => {
    const put = await client.agent
      .put('/api/v1/lab/token-settings')
      .set('Origin', lab.served.url)
      .set('X-Lab-Key', TEST_LAB_KEY)
      .send({ algorithm: 'ES256' });
    expect(put.status).toBe(200);
    try {
      const res = await sizeOf({ extraClaims: 2 });
      expect(res.body.algorithm).toBe('ES256');
      expect(decodeProtectedHeader(res.body.access_token)).toMatchObject({
        alg: 'ES256',
        kid: expect.stringMatching(/^es256-/),
      });
      expect((await data(res.body.access_token)).status).toBe(200);
    } finally {
      await client.agent
        .put('/api/v1/lab/token-settings')
        .set('Origin', lab.served.url)
        .set('X-Lab-Key', TEST_LAB_KEY)
        .send({ algorithm: 'HS256' });
    }
  });

  it('refuses bad counts and any account that is not a demo one signing in with its password alone: 400', async () => {
    for (const body of [
      {},
      { extraClaims: -1 },
      { extraClaims: 51 },
      { extraClaims: 1.5 },
      { extraClaims: '3' },
      { extraClaims: 1, role: 'admin' },
      { extraClaims: 1, username: 'nobody' },
    ]) {
      const res = await sizeOf(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const bob = lab.t.accounts.findByUsername('bob')!;
    for (const change of [{ demo: false }, { totpSecret: 'JBSWY3DPEHPK3PXP' }, { disabled: true }]) {
      lab.t.accounts.update(bob.id, change);
      const res = await sizeOf({ extraClaims: 1, username: 'bob' });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.body.error.message).toMatch(/not a demo account/);
      lab.t.accounts.update(bob.id, { demo: true, totpSecret: null, disabled: false });
    }
    expect((await sizeOf({ extraClaims: 1, username: 'bob' })).status).toBe(200);
  });

  it('needs no credential, so a stale token the browser still sends does not refuse it', async () => {
    const res = await sizeOf({ extraClaims: 1 }).set('Authorization', 'Bearer not.a.token');
    expect(res.status).toBe(200);
  });
});
