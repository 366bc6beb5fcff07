import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { candidateKeys, recoverPublicKey } from '../../renderer/src/jwt-attacks/key-recovery.ts';
import { G, multiply, onCurve } from '../../renderer/src/jwt-attacks/p256.ts';
import { publicKeyPem } from '../../renderer/src/debugger/pem.ts';

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An ES256 token signed by node:crypto (the server's signer), its signature as JWS has it (r‖s). */
function es256Token(privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'], payload: object): string {
  const input = `${segment({ alg: 'ES256', typ: 'JWT' })}.${segment(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

describe('ES256 public key recovery', () => {
  it('the base point arithmetic is right: n·G is the point at infinity, 2·G is on the curve', () => {
    expect(onCurve(multiply(2n, G))).toBe(true);
    expect(multiply(0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n, G)).toBeNull();
  });

  it.each([1, 2, 3, 4, 5])(
    'recovers the key node:crypto signed two tokens with (key %i), as JWK and as Node prints its PEM',
    async () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const first = es256Token(privateKey, { sub: '1', role: 'user', jti: 'a' });
      const second = es256Token(privateKey, { sub: '1', role: 'user', jti: 'b' });
      const recovered = await recoverPublicKey(first, second);
      if (!recovered.ok) throw new Error(recovered.error);
      const expected = publicKey.export({ format: 'jwk' });
      expect(recovered.value.jwk).toEqual({ kty: 'EC', crv: 'P-256', x: expected.x, y: expected.y });
      // Byte for byte what the server uses as the HMAC secret in the confusion.
      expect(recovered.value.pem).toBe(publicKey.export({ type: 'spki', format: 'pem' }));
    },
  );

  it('one signature leaves two candidates, one of them the key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = es256Token(privateKey, { n: 1 });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const bytes = Buffer.from(signature, 'base64url');
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', Buffer.from(`${header}.${payload}`)));
    const candidates = candidateKeys(
      hash,
      BigInt(`0x${bytes.subarray(0, 32).toString('hex')}`),
      BigInt(`0x${bytes.subarray(32).toString('hex')}`),
    );
    expect(candidates.length).toBe(2);
    const { x } = publicKey.export({ format: 'jwk' });
    const keyX = BigInt(`0x${Buffer.from(x!, 'base64url').toString('hex')}`);
    expect(candidates.filter((point) => point?.x === keyX)).toHaveLength(1);
  });

  it('refuses tokens of two different keys, the same token twice, and tokens that are not ES256, in words', async () => {
    const one = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const token = es256Token(one, { n: 1 });
    expect(await recoverPublicKey(token, es256Token(other, { n: 2 }))).toEqual({
      ok: false,
      error: expect.stringMatching(/share no candidate key/),
    });
    expect(await recoverPublicKey(token, token)).toEqual({ ok: false, error: expect.stringMatching(/same signature/) });
    const hs = `${segment({ alg: 'HS256' })}.${segment({})}.${Buffer.alloc(32).toString('base64url')}`;
    expect(await recoverPublicKey(hs, token)).toEqual({ ok: false, error: expect.stringMatching(/HS256, not ES256/) });
    expect(await recoverPublicKey('a.b', token)).toEqual({
      ok: false,
      error: expect.stringMatching(/^The first token/),
    });
  });
});

describe('SPKI PEM', () => {
  it.each([
    ['P-256', { name: 'ECDSA', namedCurve: 'P-256' }],
    [
      'RSA 2048',
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    ],
    ['Ed25519', { name: 'Ed25519' }],
  ])(
    '%s: WebCrypto spki → PEM is byte for byte what Node exports (64-char lines, trailing newline)',
    async (_name, algorithm) => {
      const pair = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as {
        publicKey: Parameters<typeof crypto.subtle.exportKey>[1];
      };
      const pem = await publicKeyPem(pair.publicKey);
      const node = createPublicKey({
        key: (await crypto.subtle.exportKey('jwk', pair.publicKey)) as never,
        format: 'jwk',
      });
      expect(pem).toBe(node.export({ type: 'spki', format: 'pem' }));
      expect(pem.endsWith('-----END PUBLIC KEY-----\n')).toBe(true);
      for (const line of pem.split('\n').slice(1, -2)) expect(line.length).toBeLessThanOrEqual(64);
    },
  );
});
