import { compactVerify, decodeJwt, decodeProtectedHeader, exportSPKI, importJWK, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { jwksSchema } from '../../shared/api/jwks.ts';
import { algNoneToken, algorithmConfusionToken, roleChangedToken } from '../../renderer/src/labs/token-forgery.ts';
import { LabClient } from '../support/lab-client.ts';
import { useLabServer } from '../support/lab-server.ts';
import { TEST_LAB_KEY } from '../support/test-app.ts';

// The tampering lab's forgeries, made by its own code, sent to a real server: each is built as the attack
// needs it (so a refusal means something), and each is refused with its own code.
describe('the tampering lab’s forged tokens', () => {
  const lab = useLabServer();
  let client: LabClient;
  const login = async () =>
    (await client.agent.post('/api/v1/token/login').send({ username: 'alice', password: 'alice-lab-pass' })).body
      .access_token as string;
  const send = (token: string) => client.agent.get('/api/v1/token/data').set('Authorization', `Bearer ${token}`);
  beforeAll(() => {
    client = new LabClient(lab.served.url);
  });

  it('make me admin: the role changed under the kept signature → 401 TOKEN_SIGNATURE_INVALID', async () => {
    const token = await login();
    const forged = roleChangedToken(token);
    expect(decodeJwt(forged)).toEqual({ ...decodeJwt(token), role: 'admin' });
    expect(forged.split('.')[2]).toBe(token.split('.')[2]);
    expect((await send(token)).status).toBe(200);
    const res = await send(forged);
    expect([res.status, res.body.error.code]).toEqual([401, 'TOKEN_SIGNATURE_INVALID']);
  });

  it('alg none, role admin, no signature → 401 TOKEN_ALG_NOT_ALLOWED', async () => {
    const forged = algNoneToken(await login());
    expect(decodeProtectedHeader(forged).alg).toBe('none');
    expect(forged.endsWith('.')).toBe(true);
    const res = await send(forged);
    expect([res.status, res.body.error.code]).toEqual([401, 'TOKEN_ALG_NOT_ALLOWED']);
  });

  it('algorithm confusion: an HMAC keyed with the ES256 public key’s PEM, under its kid → 401 TOKEN_ALG_NOT_ALLOWED', async () => {
    await client.agent
      .put('/api/v1/lab/token-settings')
      .set('Origin', lab.served.url)
      .set('X-Lab-Key', TEST_LAB_KEY)
      .send({ algorithm: 'ES256' });
    try {
      const token = await login();
      const { kid } = decodeProtectedHeader(token);
      const jwk = jwksSchema
        .parse((await client.agent.get('/.well-known/jwks.json')).body)
        .keys.find((key) => key.kid === kid)!;
      const forged = await algorithmConfusionToken(token, jwk);
      expect(decodeProtectedHeader(forged)).toMatchObject({ alg: 'HS256', kid });
      expect(decodeJwt(forged).role).toBe('admin');
      // The attack is built right: its HMAC verifies with the public key's PEM text (jose's SPKI export) as the secret.
      const pem = await exportSPKI((await importJWK(jwk as JWK, 'ES256')) as CryptoKey);
      await expect(compactVerify(forged, new TextEncoder().encode(`${pem.trim()}\n`))).resolves.toBeDefined();
      const res = await send(forged);
      expect([res.status, res.body.error.code]).toEqual([401, 'TOKEN_ALG_NOT_ALLOWED']);
    } finally {
      await client.agent
        .put('/api/v1/lab/token-settings')
        .set('Origin', lab.served.url)
        .set('X-Lab-Key', TEST_LAB_KEY)
        .send({ algorithm: 'HS256' });
    }
  });
});
