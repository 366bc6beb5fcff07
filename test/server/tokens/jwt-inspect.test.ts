import type { UserRecord } from '../../../server/accounts/accounts.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { BACKENDS } from '../../support/backends.ts';
import { activeKey, b64, forge, goodClaims, signingKeyOf } from './token-helpers.ts';

describe.each(BACKENDS)('POST /api/v1/jwt/inspect on $name', (backend) => {
  const lab = useLabServer(backend);
  let client: LabClient;
  let alice: UserRecord;
  beforeAll(() => {
    client = new LabClient(lab.served.url);
    alice = lab.t.accounts.findByUsername('alice')!;
  });
  const inspect = (token: string, key?: unknown) =>
    client.agent.post('/api/v1/jwt/inspect').send(key === undefined ? { token } : { token, key });

  it('decodes a good token, checks its signature with the server key and accepts it', async () => {
    const login = await client.agent
      .post('/api/v1/token/login')
      .send({ username: 'alice', password: 'alice-lab-pass' });
    const res = await inspect(login.body.access_token);
    expect(res.status).toBe(200);
    expect(res.body.header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    expect(res.body.payload).toMatchObject({ sub: String(alice.id), acct: alice.accountKey, role: 'user' });
    expect(res.body.signature).toEqual({ verdict: 'valid', checkedWith: `server key ${res.body.header.kid}` });
    expect(res.body.reasons).toEqual([]);
    expect(res.body.verdict).toEqual({ accepted: true });
  });

  it('lists every reason, and the real verification refuses with one of them', async () => {
    const hs = activeKey(lab.t.dataDir, 'HS256');
    const now = Math.floor(Date.now() / 1_000);
    const key = await signingKeyOf(hs);
    const cases: [string, string[]][] = [
      [
        await forge(key, { alg: 'HS256', kid: hs.kid }, { ...goodClaims(alice), exp: now - 60, aud: 'elsewhere' }),
        ['TOKEN_EXPIRED', 'TOKEN_CLAIM_INVALID'],
      ],
      [`${b64({ alg: 'none' })}.${b64(goodClaims(alice))}.`, ['TOKEN_ALG_NOT_ALLOWED', 'TOKEN_KID_UNKNOWN']],
      [
        await forge(
          new TextEncoder().encode('secret'),
          { alg: 'HS256', kid: hs.kid, jku: 'http://127.0.0.1:1/x' },
          goodClaims(alice),
        ),
        ['TOKEN_HEADER_FORBIDDEN', 'TOKEN_SIGNATURE_INVALID'],
      ],
      ['not.a.jwt', ['TOKEN_MALFORMED']],
    ];
    for (const [token, codes] of cases) {
      const res = await inspect(token);
      const listed = res.body.reasons.map((r: { code: string }) => r.code);
      expect(listed, codes.join()).toEqual(expect.arrayContaining(codes));
      expect(res.body.verdict.accepted).toBe(false);
      expect(listed).toContain(res.body.verdict.code);
    }
  });

  it('checks the signature with a key the learner supplies: the weak secret an attacker guessed', async () => {
    const token = await forge(new TextEncoder().encode('secret'), { alg: 'HS256', kid: 'guess' }, goodClaims(alice));
    const withGuess = await inspect(token, 'secret');
    expect(withGuess.body.signature).toEqual({ verdict: 'valid', checkedWith: 'the key you supplied' });
    expect(withGuess.body.verdict).toMatchObject({ accepted: false, code: 'TOKEN_KID_UNKNOWN' });
    expect((await inspect(token, 'not-it')).body.signature.verdict).toBe('invalid');
  });

  it('validates its input, and answers a key it cannot use 400, never 500', async () => {
    expect((await client.agent.post('/api/v1/jwt/inspect').send({})).body.error.code).toBe('VALIDATION_FAILED');
    const token = `${b64({ alg: 'ES256', kid: 'x' })}.${b64(goodClaims(alice))}.c2ln`;
    for (const key of [
      { kty: 'EC' },
      { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
      { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', d: 'AA' },
      { kty: 'OKP', alg: 'none' },
    ]) {
      const res = await inspect(token, key);
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});
