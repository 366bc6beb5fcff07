import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, importJWK, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { BACKENDS } from '../store/backends.ts';
import { activeKey, b64, forge, goodClaims, signingKeyOf } from './token-helpers.ts';

// PortSwigger's JWT attacks, and the rest of the refusal list, each answered with its own code.
describe.each(BACKENDS)('JWT attacks on $name', (backend) => {
  const lab = useLabServer(backend);
  let client: LabClient;
  let sub: string;
  beforeAll(() => {
    client = new LabClient(lab.served.url);
    sub = String(lab.t.accounts.findByUsername('alice')!.id);
  });

  async function refused(token: string, code: string, status = 401) {
    const res = await client.agent.get('/api/v1/token/data').set('Authorization', `Bearer ${token}`);
    expect(res.status, code).toBe(status);
    expect(res.body.error.code).toBe(code);
  }
  const hs = () => activeKey(lab.t.dataDir, 'HS256');
  const hsKey = async () => signingKeyOf(hs());

  it('accepts a token it signed itself (the control)', async () => {
    const token = await forge(await hsKey(), { alg: 'HS256', kid: hs().kid }, goodClaims(sub));
    expect((await client.agent.get('/api/v1/token/data').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('unverified signature: a payload changed under the original signature', async () => {
    const token = await forge(await hsKey(), { alg: 'HS256', kid: hs().kid }, goodClaims(sub));
    const [header, , signature] = token.split('.');
    await refused(`${header}.${b64({ ...goodClaims(sub), role: 'admin' })}.${signature}`, 'TOKEN_SIGNATURE_INVALID');
  });

  it('alg none, in any spelling, signed or not', async () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      await refused(`${b64({ alg, kid: hs().kid })}.${b64(goodClaims(sub))}.`, 'TOKEN_ALG_NOT_ALLOWED');
    }
  });

  it('a weak secret: a token signed with "secret" is refused, and the real HS256 secret is 256 random bits', async () => {
    const token = await forge(new TextEncoder().encode('secret'), { alg: 'HS256', kid: hs().kid }, goodClaims(sub));
    await refused(token, 'TOKEN_SIGNATURE_INVALID');
    expect(Buffer.from(String(hs().privateJwk.k), 'base64url')).toHaveLength(32);
  });

  it('jwk header injection: a key the attacker embedded is never used', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const token = await forge(privateKey, { alg: 'ES256', kid: activeKey(lab.t.dataDir, 'ES256').kid, jwk: await exportJWK(publicKey) }, goodClaims(sub));
    await refused(token, 'TOKEN_HEADER_FORBIDDEN');
  });

  it('jku and x5u injection: the URL is never fetched', async () => {
    let fetched = 0;
    const evil = http.createServer((_req, res) => {
      fetched++;
      res.end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/jwks.json`;
    const { privateKey } = await generateKeyPair('ES256');
    for (const header of [{ jku: url }, { x5u: url }, { x5c: ['MIIB'] }]) {
      await refused(await forge(privateKey, { alg: 'ES256', kid: 'attacker', ...header }, goodClaims(sub)), 'TOKEN_HEADER_FORBIDDEN');
    }
    expect(fetched).toBe(0);
    evil.close();
  });

  it('kid path traversal and unknown kids name no key', async () => {
    for (const kid of ['../../../../../../dev/null', '/etc/passwd', "' OR 1=1 --", 'hs256-00000000']) {
      await refused(await forge(new Uint8Array(32), { alg: 'HS256', kid }, goodClaims(sub)), 'TOKEN_KID_UNKNOWN');
    }
    const noKid = await forge(await hsKey(), { alg: 'HS256' }, goodClaims(sub));
    await refused(noKid, 'TOKEN_KID_UNKNOWN');
  });

  it('algorithm confusion: HS256 signed with the public key of an ES256 or EdDSA key', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const stored = activeKey(lab.t.dataDir, alg);
      const publicKey = (await importJWK(stored.publicJwk!, alg)) as CryptoKey;
      const pem = await exportSPKI(publicKey);
      for (const secret of [new TextEncoder().encode(pem), new TextEncoder().encode(JSON.stringify(stored.publicJwk))]) {
        await refused(await forge(secret, { alg: 'HS256', kid: stored.kid }, goodClaims(sub)), 'TOKEN_ALG_NOT_ALLOWED');
        await refused(await forge(secret, { alg: 'HS256', kid: hs().kid }, goodClaims(sub)), 'TOKEN_SIGNATURE_INVALID');
      }
    }
  });

  it('an algorithm outside the allowlist', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await refused(await forge(privateKey, { alg: 'RS256', kid: hs().kid }, goodClaims(sub)), 'TOKEN_ALG_NOT_ALLOWED');
    await refused(await forge(new Uint8Array(48), { alg: 'HS384', kid: hs().kid }, goodClaims(sub)), 'TOKEN_ALG_NOT_ALLOWED');
  });

  it('expired and not-yet-valid tokens, with the 5 s clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1_000);
    const key = await hsKey();
    const header = { alg: 'HS256', kid: hs().kid };
    await refused(await forge(key, header, { ...goodClaims(sub), exp: now - 10 }), 'TOKEN_EXPIRED');
    await refused(await forge(key, header, { ...goodClaims(sub), nbf: now + 60 }), 'TOKEN_NOT_YET_VALID');
    for (const claims of [{ exp: now - 2 }, { nbf: now + 2 }]) {
      const withinTolerance = await forge(key, header, { ...goodClaims(sub), ...claims });
      expect((await client.agent.get('/api/v1/token/data').set('Authorization', `Bearer ${withinTolerance}`)).status).toBe(200);
    }
  });

  it('a wrong issuer or audience, and a missing claim', async () => {
    const key = await hsKey();
    const header = { alg: 'HS256', kid: hs().kid };
    await refused(await forge(key, header, { ...goodClaims(sub), iss: 'someone-else' }), 'TOKEN_CLAIM_INVALID');
    await refused(await forge(key, header, { ...goodClaims(sub), aud: 'another-api' }), 'TOKEN_CLAIM_INVALID');
    const noJti = goodClaims(sub);
    delete noJti.jti;
    await refused(await forge(key, header, noJti), 'TOKEN_CLAIM_INVALID');
  });

  it('crit with an extension the server does not know', async () => {
    // jose will not even sign such a header: sign it by hand, as an attacker would.
    const input = `${b64({ alg: 'HS256', kid: hs().kid, crit: ['exp-ext'], 'exp-ext': true })}.${b64(goodClaims(sub))}`;
    const signature = createHmac('sha256', Buffer.from(String(hs().privateJwk.k), 'base64url')).update(input).digest('base64url');
    await refused(`${input}.${signature}`, 'TOKEN_CRIT_UNSUPPORTED');
  });

  it('a malformed compact form, and a token over 8 KiB (400)', async () => {
    for (const token of ['abc', 'a.b', `${b64({ alg: 'HS256' })}.not-json!.sig`, `${b64('x')}.${b64({})}.c2ln`]) {
      await refused(token, 'TOKEN_MALFORMED');
    }
    const big = await forge(await hsKey(), { alg: 'HS256', kid: hs().kid }, { ...goodClaims(sub), pad: 'x'.repeat(9_000) });
    await refused(big, 'TOKEN_TOO_LARGE', 400);
  });
});
