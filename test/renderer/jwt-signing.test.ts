import { createHmac, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generatePrivateJwk,
  prepareKey,
  publicJwkOf,
  secretBytes,
  signToken,
  verifyToken,
  type SigningInput,
  type SigningKey,
} from '../../renderer/src/debugger/jwt-signing.ts';

const HEADER = '{\n  "alg": "HS256",\n  "typ": "JWT"\n}';
const PAYLOAD = '{\n  "sub": "1",\n  "role": "admin"\n}';

async function ready(input: Partial<SigningInput> & Pick<SigningInput, 'alg'>): Promise<SigningKey> {
  const key = await prepareKey({ secret: '', encoding: 'text', privateKey: '', ...input });
  if (!key.ok) throw new Error(key.error);
  return key.value;
}

async function signed(key: SigningKey, header = HEADER): Promise<string> {
  const token = await signToken(header, PAYLOAD, key);
  if (!token.ok) throw new Error(token.error);
  return token.value;
}

describe('re-signing in the page', () => {
  it.each(['HS256', 'HS384', 'HS512'] as const)(
    '%s with a typed secret is the HMAC node:crypto computes',
    async (alg) => {
      const token = await signed(await ready({ alg, secret: 'secret1' }));
      const [header, payload, signature] = token.split('.');
      expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual({ sub: '1', role: 'admin' });
      const expected = createHmac(`sha${alg.slice(2)}`, 'secret1')
        .update(`${header}.${payload}`)
        .digest('base64url');
      expect(signature).toBe(expected);
    },
  );

  it('a base64 secret is its bytes: AA== (one zero byte) signs as an empty key does, which WebCrypto cannot import', async () => {
    const token = await signed(await ready({ alg: 'HS256', secret: 'AA==', encoding: 'base64' }));
    const [header, payload, signature] = token.split('.');
    expect(signature).toBe(createHmac('sha256', Buffer.alloc(0)).update(`${header}.${payload}`).digest('base64url'));
    expect(secretBytes('', 'text')).toEqual({ ok: false, error: expect.stringMatching(/^No secret yet/) });
    expect(secretBytes('', 'text')).not.toEqual({ ok: false, error: expect.stringMatching(/AA==/) });
    expect(secretBytes('=', 'base64')).toEqual({ ok: false, error: expect.stringMatching(/empty.*AA==/) });
    expect(secretBytes('%%', 'base64')).toEqual({ ok: false, error: expect.stringMatching(/not base64/) });
  });

  it.each([
    ['ES256', 'ec', { namedCurve: 'P-256' }, { dsaEncoding: 'ieee-p1363' as const }, 'sha256'],
    ['RS256', 'rsa', { modulusLength: 2048 }, {}, 'sha256'],
    ['EdDSA', 'ed25519', {}, {}, null],
  ] as const)(
    '%s with a pasted PEM and a pasted JWK: node:crypto verifies the signature',
    async (alg, type, options, extra, hash) => {
      const pair = generateKeyPairSync(type as 'ec', options as never) as unknown as {
        privateKey: KeyObject;
        publicKey: KeyObject;
      };
      const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      const jwk = JSON.stringify(pair.privateKey.export({ format: 'jwk' }));
      for (const privateKey of [pem, jwk]) {
        const key = await ready({ alg, privateKey });
        const token = await signed(key, `{"alg":"${alg}"}`);
        const [header, payload, signature] = token.split('.');
        const good = verify(
          hash,
          Buffer.from(`${header}.${payload}`),
          { key: pair.publicKey, ...extra },
          Buffer.from(signature!, 'base64url'),
        );
        expect(good).toBe(true);
        expect(await verifyToken(token, key)).toBe(true);
        // The public half is the key node:crypto holds, without a private member.
        expect(key.publicJwk).toEqual(expect.objectContaining(pair.publicKey.export({ format: 'jwk' })));
        expect(key.publicJwk).not.toHaveProperty('d');
      }
    },
  );

  it('a generated key pair signs, and its public JWK checks what it signed', async () => {
    for (const alg of ['ES256', 'RS256', 'EdDSA'] as const) {
      const privateKey = await generatePrivateJwk(alg);
      expect(JSON.parse(privateKey)).toHaveProperty('d');
      const key = await ready({ alg, privateKey });
      const token = await signed(key);
      const node = createPublicKey({ key: key.publicJwk as never, format: 'jwk' });
      expect(node.asymmetricKeyType).toBe(alg === 'ES256' ? 'ec' : alg === 'RS256' ? 'rsa' : 'ed25519');
      expect(await verifyToken(token, key)).toBe(true);
    }
  });

  it('says "not verified" for another key, an edited payload, a stripped signature', async () => {
    const key = await ready({ alg: 'HS256', secret: 'secret1' });
    const token = await signed(key);
    expect(await verifyToken(token, key)).toBe(true);
    expect(await verifyToken(token, await ready({ alg: 'HS256', secret: 'secret2' }))).toBe(false);
    const [header, , signature] = token.split('.');
    expect(
      await verifyToken(`${header}.${Buffer.from('{"role":"user"}').toString('base64url')}.${signature}`, key),
    ).toBe(false);
    expect(await verifyToken(`${header}.e30.`, key)).toBe(false);
    expect(await verifyToken('not a token', key)).toBe(false);
  });

  it('refuses, in words, a public JWK, a PKCS#1 PEM, text that is no key, and a key of the wrong type', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cases: [Partial<SigningInput> & Pick<SigningInput, 'alg'>, RegExp][] = [
      [{ alg: 'ES256', privateKey: JSON.stringify(pair.publicKey.export({ format: 'jwk' })) }, /public key.*no "d"/],
      [
        { alg: 'RS256', privateKey: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string },
        /RSA PRIVATE KEY.*PKCS#8/,
      ],
      [{ alg: 'ES256', privateKey: 'hello' }, /neither a JWK/],
      [{ alg: 'ES256', privateKey: '' }, /Paste a private key/],
      [
        { alg: 'ES256', privateKey: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string },
        /does not fit ES256/,
      ],
    ];
    for (const [input, error] of cases)
      expect(await prepareKey({ secret: '', encoding: 'text', privateKey: '', ...input })).toEqual({
        ok: false,
        error: expect.stringMatching(error),
      });
  });

  it('publicJwkOf leaves out every private member', () => {
    expect(
      publicJwkOf({
        kty: 'RSA',
        n: 'n',
        e: 'AQAB',
        d: 'd',
        p: 'p',
        q: 'q',
        dp: 'x',
        dq: 'y',
        qi: 'z',
        ext: true,
        key_ops: ['sign'],
      } as Parameters<typeof publicJwkOf>[0]),
    ).toEqual({ kty: 'RSA', n: 'n', e: 'AQAB' });
  });
});
