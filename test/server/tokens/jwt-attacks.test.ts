import type { UserRecord } from '../../../server/accounts/accounts.ts';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, importJWK, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { BACKENDS } from '../../support/backends.ts';
import { activeKey, b64, forge, goodClaims, signingKeyOf } from './token-helpers.ts';

// PortSwigger's JWT attacks, and the rest of the refusal list, each answered with its own code.
describe.each(BACKENDS)('JWT attacks on $name', (backend) => {
  const lab = useLabServer(backend);
  let client: LabClient;
  let alice: UserRecord;
  beforeAll(() => {
    client = new LabClient(lab.served.url);
    alice = lab.t.accounts.findByUsername('alice')!;
  });

  /**
   * The token is refused with `code`, and the JWT debugger agrees: its verdict is the same refusal, and the first of
   * the reasons it lists is that code (the rules are one list, read in one order by both).
   */
  async function refused(token: string, code: string, status = 401) {
    const res = await client.agent.get('/api/v1/token/data').set('Authorization', `Bearer ${token}`);
    expect(res.status, code).toBe(status);
    expect(res.body.error.code).toBe(code);
    const inspected = await client.agent.post('/api/v1/jwt/inspect').send({ token });
    expect(inspected.status).toBe(200);
    expect(inspected.body.verdict, code).toEqual({ accepted: false, code, message: res.body.error.message });
    expect(inspected.body.reasons[0], `first reason the debugger lists for ${code}`).toEqual({
      code,
      message: res.body.error.message,
    });
  }

  /** Accepted by verification, and the debugger lists no reason and accepts it. */
  async function accepted(token: string) {
    expect((await client.agent.get('/api/v1/token/data').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const inspected = await client.agent.post('/api/v1/jwt/inspect').send({ token });
    expect(inspected.body.reasons).toEqual([]);
    expect(inspected.body.verdict).toEqual({ accepted: true });
  }
  const hs = () => activeKey(lab.t.dataDir, 'HS256');
  const hsKey = async () => signingKeyOf(hs());

  it('accepts a token it signed itself (the control)', async () => {
    await accepted(await forge(await hsKey(), { alg: 'HS256', kid: hs().kid }, goodClaims(alice)));
  });

  it('unverified signature: a payload changed under the original signature', async () => {
    const token = await forge(await hsKey(), { alg: 'HS256', kid: hs().kid }, goodClaims(alice));
    const [header, , signature] = token.split('.');
    await refused(`${header}.${b64({ ...goodClaims(alice), role: 'admin' })}.${signature}`, 'TOKEN_SIGNATURE_INVALID');
  });

  it('alg none, in any spelling, signed or not', async () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      await refused(`${b64({ alg, kid: hs().kid })}.${b64(goodClaims(alice))}.`, 'TOKEN_ALG_NOT_ALLOWED');
    }
  });

  it('a weak secret: a token signed with "secret" is refused, and the real HS256 secret is 256 random bits', async () => {
    const token = await forge(new TextEncoder().encode('secret'), { alg: 'HS256', kid: hs().kid }, goodClaims(alice));
    await refused(token, 'TOKEN_SIGNATURE_INVALID');
    expect(Buffer.from(String(hs().privateJwk.k), 'base64url')).toHaveLength(32);
  });

  it('jwk header injection: a key the attacker embedded is never used', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const token = await forge(
      privateKey,
      { alg: 'ES256', kid: activeKey(lab.t.dataDir, 'ES256').kid, jwk: await exportJWK(publicKey) },
      goodClaims(alice),
    );
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
      await refused(
        await forge(privateKey, { alg: 'ES256', kid: 'attacker', ...header }, goodClaims(alice)),
        'TOKEN_HEADER_FORBIDDEN',
      );
    }
    expect(fetched).toBe(0);
    evil.close();
  });

  it('kid path traversal and unknown kids name no key', async () => {
    for (const kid of ['../../../../../../dev/null', '/etc/passwd', "' OR 1=1 --", 'hs256-00000000']) {
      await refused(await forge(new Uint8Array(32), { alg: 'HS256', kid }, goodClaims(alice)), 'TOKEN_KID_UNKNOWN');
    }
    const noKid = await forge(await hsKey(), { alg: 'HS256' }, goodClaims(alice));
    await refused(noKid, 'TOKEN_KID_UNKNOWN');
  });

  it('algorithm confusion: HS256 signed with the public key of an ES256 or EdDSA key', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const stored = activeKey(lab.t.dataDir, alg);
      const publicKey = (await importJWK(stored.publicJwk!, alg)) as CryptoKey;
      const pem = await exportSPKI(publicKey);
      for (const secret of [
        new TextEncoder().encode(pem),
        new TextEncoder().encode(JSON.stringify(stored.publicJwk)),
      ]) {
        await refused(
          await forge(secret, { alg: 'HS256', kid: stored.kid }, goodClaims(alice)),
          'TOKEN_ALG_NOT_ALLOWED',
        );
        await refused(
          await forge(secret, { alg: 'HS256', kid: hs().kid }, goodClaims(alice)),
          'TOKEN_SIGNATURE_INVALID',
        );
      }
    }
  });

  it('an algorithm outside the allowlist', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await refused(await forge(privateKey, { alg: 'RS256', kid: hs().kid }, goodClaims(alice)), 'TOKEN_ALG_NOT_ALLOWED');
    await refused(
      await forge(new Uint8Array(48), { alg: 'HS384', kid: hs().kid }, goodClaims(alice)),
      'TOKEN_ALG_NOT_ALLOWED',
    );
  });

  it('expired and not-yet-valid tokens, with the 5 s clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1_000);
    const key = await hsKey();
    const header = { alg: 'HS256', kid: hs().kid };
    await refused(await forge(key, header, { ...goodClaims(alice), exp: now - 10 }), 'TOKEN_EXPIRED');
    await refused(await forge(key, header, { ...goodClaims(alice), nbf: now + 60 }), 'TOKEN_NOT_YET_VALID');
    for (const claims of [{ exp: now - 2 }, { nbf: now + 2 }]) {
      await accepted(await forge(key, header, { ...goodClaims(alice), ...claims }));
    }
  });

  it('a wrong issuer or audience, and a missing claim', async () => {
    const key = await hsKey();
    const header = { alg: 'HS256', kid: hs().kid };
    await refused(await forge(key, header, { ...goodClaims(alice), iss: 'someone-else' }), 'TOKEN_CLAIM_INVALID');
    await refused(await forge(key, header, { ...goodClaims(alice), aud: 'another-api' }), 'TOKEN_CLAIM_INVALID');
    const noJti = goodClaims(alice);
    delete noJti.jti;
    await refused(await forge(key, header, noJti), 'TOKEN_CLAIM_INVALID');
  });

  it('numeric claims read strictly: a sub that only Number() would take as the user id names nobody', async () => {
    const key = await hsKey();
    const header = { alg: 'HS256', kid: hs().kid };
    const id = alice.id;
    for (const sub of [
      `${id}.0`,
      ` ${id}`,
      `0x${id.toString(16)}`,
      `${id}e0`,
      `0${id}`,
      `+${id}`,
      `${id} `,
      '9007199254740993',
    ]) {
      await refused(await forge(key, header, { ...goodClaims(alice), sub }), 'TOKEN_CLAIM_INVALID');
    }
    for (const claims of [{ exp: 1e300 }, { iat: 1.5 }, { nbf: -1 }])
      await refused(await forge(key, header, { ...goodClaims(alice), ...claims }), 'TOKEN_CLAIM_INVALID');
    for (const jti of ['../x', 'a'.repeat(36), ''])
      await refused(await forge(key, header, { ...goodClaims(alice), jti }), 'TOKEN_CLAIM_INVALID');
    await refused(await forge(key, header, { ...goodClaims(alice), fam: 'sl:refresh:*' }), 'TOKEN_CLAIM_INVALID');
  });

  it('the account claim: a token without acct is refused; one whose acct is not the account’s names no account', async () => {
    const key = await hsKey();
    const header = { alg: 'HS256', kid: hs().kid };
    const noAcct = goodClaims(alice);
    delete noAcct.acct;
    await refused(await forge(key, header, noAcct), 'TOKEN_CLAIM_INVALID');
    const bob = lab.t.accounts.findByUsername('bob')!;
    await refused(await forge(key, header, { ...goodClaims(alice), acct: bob.accountKey }), 'TOKEN_ACCOUNT_MISMATCH');
    await refused(await forge(key, header, { ...goodClaims(alice), sub: '424242' }), 'TOKEN_ACCOUNT_MISMATCH');
  });

  it('crit with an extension the server does not know', async () => {
    // jose will not even sign such a header: sign it by hand, as an attacker would.
    const input = `${b64({ alg: 'HS256', kid: hs().kid, crit: ['exp-ext'], 'exp-ext': true })}.${b64(goodClaims(alice))}`;
    const signature = createHmac('sha256', Buffer.from(String(hs().privateJwk.k), 'base64url'))
      .update(input)
      .digest('base64url');
    await refused(`${input}.${signature}`, 'TOKEN_CRIT_UNSUPPORTED');
  });

  it('a malformed compact form, and a token over 8 KiB (400)', async () => {
    for (const token of ['abc', 'a.b', `${b64({ alg: 'HS256' })}.not-json!.sig`, `${b64('x')}.${b64({})}.c2ln`]) {
      await refused(token, 'TOKEN_MALFORMED');
    }
    const big = await forge(
      await hsKey(),
      { alg: 'HS256', kid: hs().kid },
      { ...goodClaims(alice), pad: 'x'.repeat(9_000) },
    );
    await refused(big, 'TOKEN_TOO_LARGE', 400);
  });
});
