import { describe, expect, it } from 'vitest';
import { passwordWeakness } from '../../../server/accounts/common-passwords.ts';

describe('the password policy', () => {
  it('refuses short, common, repeated and username-made passwords, each with its reason', () => {
    expect(passwordWeakness('short')).toMatch(/at least 8/);
    expect(passwordWeakness('Password123')).toMatch(/most common/);
    expect(passwordWeakness('aaaaaaaaaaaa')).toMatch(/one character repeated/);
    expect(passwordWeakness('ZZZZZZZZZ')).toMatch(/one character repeated/);
    expect(passwordWeakness('abcabcabcabc')).toMatch(/"abc" repeated/);
    expect(passwordWeakness('ivan-ivan-ivan', 'ivan')).toMatch(/username/);
    expect(passwordWeakness('IvanIvan', 'ivan')).toMatch(/username/);
    expect(passwordWeakness('ivan.petrov!', 'ivan.petrov')).toMatch(/username/);
    for (const password of [
      'abcdefgh',
      '12345678910',
      '1234abcd',
      'qwertyqwerty',
      'Qwerty-Qwerty!',
      'zaq1xsw2cde3',
      '87654321',
      'hgfedcba9',
    ])
      expect(passwordWeakness(password), password).toMatch(/runs along the keyboard/);
  });

  it('reads a password as it will be hashed (NFKC) and without what people tack on at the end', () => {
    expect(passwordWeakness('ｐａｓｓｗｏｒｄ')).toMatch(/most common/);
    expect(passwordWeakness('ᵖᵃˢˢʷᵒʳᵈ')).toMatch(/most common/);
    expect(passwordWeakness('ｉｖａｎ-ｉｖａｎ-ｉｖａｎ', 'ivan')).toMatch(/username/);
    for (const password of ['password!', 'password ', 'qwerty12', 'qwerty123!', 'monkey123!', 'Password1!!'])
      expect(passwordWeakness(password), password).toMatch(/most common/);
    for (const password of ['aaaaaaaaa1', 'aaaa-aaaa', 'abcdabcd!!'])
      expect(passwordWeakness(password), password).toMatch(/repeated/);
    for (const password of ['ivanivan1', 'Ivan-Ivan-Ivan-1'])
      expect(passwordWeakness(password, 'ivan'), password).toMatch(/username/);
  });

  it('accepts a password that merely contains the username or a repeated letter', () => {
    expect(passwordWeakness('ivan-likes-tea', 'ivan')).toBeNull();
    expect(passwordWeakness('aaaaaaaaaaab')).toBeNull();
    expect(passwordWeakness('frank-strong-pass', 'frank')).toBeNull();
    expect(passwordWeakness('correct horse battery staple', 'ivan')).toBeNull();
    // A run inside a longer password is no run: only a password made of one or two of them is.
    expect(passwordWeakness('abc-purple-otter-xyz')).toBeNull();
    expect(passwordWeakness('1234-purple-otter')).toBeNull();
  });
});
