import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CookieSigner } from '../../../server/auth/cookie-signer.ts';
import { BoundedMemo } from '../../../server/bounded-memo.ts';

describe('CookieSigner', () => {
  const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];

  it('signs and verifies, with any key of its ring, in constant-time comparisons', () => {
    const signer = new CookieSigner([newKey, oldKey]);
    const data = 'sl_session=abc';
    const signature = signer.sign(data);
    expect(signer.index(data, signature)).toBe(0);
    expect(signer.verify(data, signature)).toBe(true);
    expect(signer.index(data, new CookieSigner([oldKey]).sign(data))).toBe(1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1)!);
    // Another signature altogether (the last character's meaningful bits changed) …
    expect(signer.index(data, `${signature.slice(0, -1)}${alphabet[(last + 4) % 64]}`)).toBe(-1);
    // … and the same bytes spelled another way (its unused low bits set): a lenient decoder would accept it.
    const respelled = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    expect(signer.index(data, respelled)).toBe(-1);
    expect(signer.index('sl_session=abd', signature)).toBe(-1);
    expect(signer.index(data, '')).toBe(-1);
    // Asked twice, answered the same (the second answer comes from memory).
    expect(signer.index('sl_session=abd', signature)).toBe(-1);
    expect(signer.index(data, signature)).toBe(0);
  });

  it('derives a stable, purpose-bound value per input', () => {
    const signer = new CookieSigner([newKey]);
    expect(signer.derive('csrf', 'sid-1')).toBe(signer.derive('csrf', 'sid-1'));
    expect(signer.derive('csrf', 'sid-1')).not.toBe(signer.derive('csrf', 'sid-2'));
    expect(signer.derive('csrf', 'sid-1')).not.toBe(signer.derive('other', 'sid-1'));
    expect(signer.derive('csrf', 'sid-1')).not.toBe(new CookieSigner([oldKey]).derive('csrf', 'sid-1'));
  });
});

describe('BoundedMemo', () => {
  it('computes once per key and forgets the oldest past its limit', () => {
    let calls = 0;
    const memo = new BoundedMemo(2, (key) => `${key}:${++calls}`);
    expect(memo.get('a')).toBe('a:1');
    expect(memo.get('a')).toBe('a:1');
    memo.get('b');
    memo.get('c');
    expect(memo.get('b')).toBe('b:2');
    expect(memo.get('a')).toBe('a:4');
  });
});
