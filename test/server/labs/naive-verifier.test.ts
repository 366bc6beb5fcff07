import { createHmac, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtKidFolder } from '../../../server/labs/jwt-kid-folder.ts';
import { JwtTarget } from '../../../server/labs/jwt-target-issuer.ts';
import type { NaiveKeySources } from '../../../server/labs/naive-key-choice.ts';
import { verifyNaively } from '../../../server/labs/naive-verifier.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A server on a loopback port that answers each path its own way, and counts what it was asked. */
async function listen(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { origin, asked, close };
}

// The naive verifier alone, with an evil origin of the test's own making (the lab's evil origin cannot be made slow).
describe('the naive verifier', () => {
  const folder = new JwtKidFolder();
  const target = new JwtTarget();
  let evil: Awaited<ReturnType<typeof listen>>;
  let elsewhere: Awaited<ReturnType<typeof listen>>;
  let sources: NaiveKeySources;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  beforeAll(async () => {
    elsewhere = await listen((_req, res) => res.end(JSON.stringify({ keys: [] })));
    evil = await listen((req, res) => {
      // /slow never answers; /redirect sends the fetch elsewhere.
      if (req.url === '/redirect') res.writeHead(302, { Location: `${elsewhere.origin}/jwks.json` }).end();
      else if (req.url !== '/slow') res.writeHead(404).end();
    });
    sources = { target, kidFolder: folder, evilOrigins: () => [evil.origin], jkuTimeoutMs: 300 };
  });
  afterAll(async () => {
    folder.remove();
    await Promise.all([elsewhere.close(), evil.close()]);
  });
  const refusal = (token: string) =>
    verifyNaively(token, sources, Date.now()).then(
      () => 'accepted',
      (error: { code: string }) => error.code,
    );
  const jkuToken = (jku: string) =>
    new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'ES256', jku }).sign(privateKey);

  it('gives up on a jku that does not answer in time, and follows no redirect away from the evil origin', async () => {
    expect(await refusal(await jkuToken(`${evil.origin}/slow`))).toBe('LAB_JKU_FETCH_FAILED');
    expect(await refusal(await jkuToken(`${evil.origin}/redirect`))).toBe('LAB_JKU_FETCH_FAILED');
    expect(elsewhere.asked).toEqual([]);
    expect(await refusal(await jkuToken(`${elsewhere.origin}/jwks.json`))).toBe('LAB_JKU_FORBIDDEN');
    expect(elsewhere.asked).toEqual([]);
  });

  it('takes an empty file as an HMAC key that signs as one zero byte does', async () => {
    const header = b64({ alg: 'HS256', kid: '../../../../dev/null' });
    const payload = b64({ role: 'admin' });
    for (const key of [Buffer.alloc(0), Buffer.from('AA==', 'base64')]) {
      const signature = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
      const verdict = await verifyNaively(`${header}.${payload}.${signature}`, sources, Date.now());
      expect(verdict.claims).toEqual({ role: 'admin' });
    }
  });

  it('refuses an ES256 token against a weak secret, an embedded private key, and an expired token', async () => {
    target.set({ weakSecret: true });
    expect(await refusal(await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(privateKey))).toBe(
      'TOKEN_ALG_NOT_ALLOWED',
    );
    target.restore();
    const jwk = await exportJWK(privateKey);
    expect(await refusal(await new SignJWT({}).setProtectedHeader({ alg: 'ES256', jwk }).sign(privateKey))).toBe(
      'LAB_JWK_INVALID',
    );
    const good = { alg: 'ES256' as const, jwk: await exportJWK(publicKey) };
    const expired = await new SignJWT({}).setProtectedHeader(good).setExpirationTime(1).sign(privateKey);
    expect(await refusal(expired)).toBe('TOKEN_EXPIRED');
  });
});
