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
  });

  it('accepts a password that merely contains the username or a repeated letter', () => {
    expect(passwordWeakness('ivan-likes-tea', 'ivan')).toBeNull();
    expect(passwordWeakness('aaaaaaaaaaab')).toBeNull();
    expect(passwordWeakness('frank-strong-pass', 'frank')).toBeNull();
    expect(passwordWeakness('correct horse battery staple', 'ivan')).toBeNull();
  });
});
