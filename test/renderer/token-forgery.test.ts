import { compactVerify, decodeJwt, decodeProtectedHeader, exportSPKI, importJWK, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { jwksSchema } from '../../shared/api/jwks.ts';
import { algorithmConfusionToken } from '../../renderer/src/labs/token-forgery.ts';
import { decodeSegmentJson, formatJson, splitToken, tamper, withField } from '../../renderer/src/debugger/jwt-parts.ts';
import { LabClient } from '../support/lab-client.ts';
import { useLabServer } from '../support/lab-server.ts';
import { TEST_LAB_KEY } from '../support/test-app.ts';

/** What a JWT debugger edit yields (lab 8's learner makes it there): a field set in the header or the payload. */
function edited(
  token: string,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  mode: 'keep' | 'strip',
) {
  const parts = splitToken(token);
  if (!parts.ok) throw new Error(parts.error);
  const text = (segment: string) => {
    const json = decodeSegmentJson(segment);
    if (!json.ok) throw new Error(json.error);
    return formatJson(json.value);
  };
  const set = (start: string, fields: Record<string, unknown>) =>
    Object.entries(fields).reduce((current, [field, value]) => {
      const next = withField(current, field, value);
      if (!next.ok) throw new Error(next.error);
      return next.value;
    }, start);
  const forged = tamper(
    set(text(parts.value.header), header),
    set(text(parts.value.payload), payload),
    parts.value.signature,
    mode,
  );
  if (!forged.ok) throw new Error(forged.error);
  return forged.value;
}

// The tampering lab's forgeries, made by the debugger's and the lab's own code, sent to a real server: each is built as the attack
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
    const forged = edited(token, {}, { role: 'admin' }, 'keep');
    expect(decodeJwt(forged)).toEqual({ ...decodeJwt(token), role: 'admin' });
    expect(forged.split('.')[2]).toBe(token.split('.')[2]);
    expect((await send(token)).status).toBe(200);
    const res = await send(forged);
    expect([res.status, res.body.error.code]).toEqual([401, 'TOKEN_SIGNATURE_INVALID']);
  });

  it('alg none, role admin, no signature → 401 TOKEN_ALG_NOT_ALLOWED', async () => {
    const forged = edited(await login(), { alg: 'none' }, { role: 'admin' }, 'strip');
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
