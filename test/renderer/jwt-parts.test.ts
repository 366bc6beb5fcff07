import {
  SignJWT,
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  generateKeyPair,
  type CryptoKey,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compactToken,
  decodeSegmentJson,
  decodeSegmentText,
  encodeSegment,
  formatJson,
  splitToken,
  tamper,
  withField,
  type PartResult,
} from '../../renderer/src/debugger/jwt-parts.ts';

/** The value of a result that must have succeeded (fails the test with its error otherwise). */
function valueOf<T>(result: PartResult<T>): T {
  if (!result.ok) expect.fail(`expected a value, got the error "${result.error}"`);
  return result.value;
}

/** The error of a result that must have failed. */
function errorOf<T>(result: PartResult<T>): string {
  if (result.ok) expect.fail(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

const secret = new TextEncoder().encode('a-secret-of-at-least-thirty-two-bytes!!');
const claims = { role: 'user', name: 'Zoë 東京 🍪' };

let hsToken: string;
let esToken: string;
let esPublicKey: CryptoKey;

beforeAll(async () => {
  hsToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: 'hs256-test', typ: 'JWT' })
    .setSubject('1')
    .setIssuedAt(1_700_000_000)
    .setExpirationTime(1_700_000_900)
    .sign(secret);
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  esPublicKey = publicKey;
  esToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'es256-test' })
    .setSubject('1')
    .sign(privateKey);
});

describe('splitToken', () => {
  it('splits a signed token into the three segments it was joined from', () => {
    const [header, payload, signature] = hsToken.split('.');
    expect(valueOf(splitToken(hsToken))).toEqual({ header, payload, signature });
  });

  it('ignores surrounding whitespace and a Bearer prefix', () => {
    expect(compactToken(`  Bearer ${hsToken}\n`)).toBe(hsToken);
    expect(valueOf(splitToken(`bearer ${hsToken}\n`)).signature).toBe(hsToken.split('.')[2]);
  });

  it('keeps an empty signature (an unsigned token) as an empty segment', () => {
    expect(valueOf(splitToken('eyJhbGciOiJub25lIn0.e30.')).signature).toBe('');
  });

  it('refuses an empty token, the wrong number of segments, and names a JWE', () => {
    expect(errorOf(splitToken('   '))).toMatch(/empty/);
    expect(errorOf(splitToken('abc.def'))).toMatch(/3 segments.*has 2/);
    expect(errorOf(splitToken('a.b.c.d.e'))).toMatch(/JWE/);
  });
});

describe('decoding a segment', () => {
  it('decodes the header and payload jose signed, non-ASCII claims included', () => {
    const { header, payload } = valueOf(splitToken(hsToken));
    expect(valueOf(decodeSegmentJson(header))).toEqual(decodeProtectedHeader(hsToken));
    expect(valueOf(decodeSegmentJson(payload))).toEqual(decodeJwt(hsToken));
    expect(valueOf(decodeSegmentJson(payload)).name).toBe('Zoë 東京 🍪');
  });

  it('decodes text exactly as Node encodes it, for every length modulo 3', () => {
    for (const text of ['é', 'é1', 'é12', '🍪', '{"a":"東京"}', '']) {
      expect(valueOf(decodeSegmentText(Buffer.from(text).toString('base64url')))).toBe(text);
    }
  });

  it('refuses what is not base64url and says which character', () => {
    expect(errorOf(decodeSegmentText('e30='))).toMatch(/base64url.*"="/);
    expect(errorOf(decodeSegmentText('ab+c'))).toMatch(/"\+"/);
    expect(errorOf(decodeSegmentText('ab/c'))).toMatch(/"\/"/);
    expect(errorOf(decodeSegmentText('ab c'))).toMatch(/" "/);
    expect(errorOf(decodeSegmentText('abcde'))).toMatch(/whole bytes/);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(errorOf(decodeSegmentText(Buffer.from([0xff, 0xfe, 0x80]).toString('base64url')))).toMatch(/UTF-8/);
  });

  it('refuses text that is not JSON, and JSON that is not an object', () => {
    const segment = (text: string) => Buffer.from(text).toString('base64url');
    expect(errorOf(decodeSegmentJson(segment('{"alg":')))).toMatch(/^Not JSON/);
    expect(errorOf(decodeSegmentJson(segment('[1,2]')))).toMatch(/an array/);
    expect(errorOf(decodeSegmentJson(segment('null')))).toMatch(/null/);
    expect(errorOf(decodeSegmentJson(segment('"alg"')))).toMatch(/a string/);
  });

  it('passes a base64url error through when decoding to JSON', () => {
    expect(errorOf(decodeSegmentJson('e30='))).toMatch(/^Not base64url/);
  });
});

describe('encodeSegment', () => {
  it('round-trips objects with non-ASCII text through decodeSegmentJson', () => {
    const value = { alg: 'HS256', note: 'naïve — 東京 🍪', nested: { list: [1, 'ü'] } };
    const segment = encodeSegment(value);
    expect(segment).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(valueOf(decodeSegmentJson(segment))).toEqual(value);
  });

  it('encodes the UTF-8 bytes of compact JSON, as jose does', () => {
    const { header, payload } = valueOf(splitToken(hsToken));
    expect(encodeSegment(decodeProtectedHeader(hsToken))).toBe(header);
    expect(encodeSegment(decodeJwt(hsToken))).toBe(payload);
    expect(encodeSegment({ a: 'é' })).toBe(Buffer.from('{"a":"é"}').toString('base64url'));
  });
});

describe('withField', () => {
  it('sets one field, keeps the others in order, and pretty-prints', () => {
    const text = valueOf(withField('{"alg":"ES256","kid":"k1"}', 'alg', 'none'));
    expect(text).toBe(formatJson({ alg: 'none', kid: 'k1' }));
    expect(Object.keys(JSON.parse(text))).toEqual(['alg', 'kid']);
  });

  it('adds a field that was missing', () => {
    expect(JSON.parse(valueOf(withField('{"sub":"1"}', 'role', 'admin')))).toEqual({ sub: '1', role: 'admin' });
  });

  it('refuses text that is not a JSON object', () => {
    expect(errorOf(withField('{"sub":', 'role', 'admin'))).toMatch(/^Not JSON/);
  });
});

describe('tamper', () => {
  function edited(token: string, change: { header?: Record<string, unknown>; payload?: Record<string, unknown> }) {
    return {
      header: formatJson({ ...decodeProtectedHeader(token), ...change.header }),
      payload: formatJson({ ...decodeJwt(token), ...change.payload }),
      signature: token.split('.')[2] ?? '',
    };
  }

  it('keep: the edited role under the original signature, which no longer verifies', async () => {
    const { header, payload, signature } = edited(hsToken, { payload: { role: 'admin' } });
    const token = valueOf(tamper(header, payload, signature, 'keep'));
    expect(decodeJwt(token)).toEqual({ ...decodeJwt(hsToken), role: 'admin' });
    expect(decodeProtectedHeader(token)).toEqual(decodeProtectedHeader(hsToken));
    expect(token.split('.')[2]).toBe(signature);
    await expect(compactVerify(token, secret)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('keep without an edit rebuilds the very token, whose signature still verifies', async () => {
    const { header, payload, signature } = edited(esToken, {});
    const token = valueOf(tamper(header, payload, signature, 'keep'));
    expect(token).toBe(esToken);
    await expect(compactVerify(token, esPublicKey)).resolves.toBeTruthy();
  });

  it('strip: alg none with an empty signature, as the attack sends', () => {
    const { header, payload, signature } = edited(esToken, { header: { alg: 'none' }, payload: { role: 'admin' } });
    const token = valueOf(tamper(header, payload, signature, 'strip'));
    expect(token.endsWith('.')).toBe(true);
    expect(token.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'none', kid: 'es256-test' });
    expect(decodeJwt(token)).toEqual({ ...decodeJwt(esToken), role: 'admin' });
  });

  it('keeps non-ASCII claims the learner typed', () => {
    const token = valueOf(tamper('{"alg":"HS256"}', '{"name":"Zoë 東京 🍪"}', 'sig', 'keep'));
    expect(decodeJwt(token)).toEqual({ name: 'Zoë 東京 🍪' });
  });

  it('names the header or the payload when its JSON is invalid', () => {
    expect(errorOf(tamper('{"alg":', '{}', 'sig', 'keep'))).toMatch(/^Header: Not JSON/);
    expect(errorOf(tamper('{}', '{"role":admin}', 'sig', 'strip'))).toMatch(/^Payload: Not JSON/);
    expect(errorOf(tamper('{}', '[]', 'sig', 'keep'))).toMatch(/^Payload: Not a JSON object/);
  });
});
