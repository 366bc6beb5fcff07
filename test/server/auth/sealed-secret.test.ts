import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretSealer } from '../../../server/auth/sealed-secret.ts';

describe('SecretSealer', () => {
  const sealer = new SecretSealer(randomBytes(32));

  it('opens what it sealed, in the same context only; a new IV each time', () => {
    const sealed = sealer.seal('JBSWY3DPEHPK3PXP', '7');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealer.seal('JBSWY3DPEHPK3PXP', '7')).not.toBe(sealed);
    expect(sealer.open(sealed, '7')).toBe('JBSWY3DPEHPK3PXP');
    // Copied into another user's session record, it opens nothing.
    expect(sealer.open(sealed, '8')).toBeNull();
  });

  it('refuses anything changed, malformed, or sealed under another server’s key', () => {
    const sealed = sealer.seal('JBSWY3DPEHPK3PXP', '7');
    const [version, iv, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    for (const bad of [
      `${version}.${iv}.${flipped.toString('base64url')}`,
      `v2.${iv}.${body}`,
      `${version}.${iv}`,
      `${sealed}.x`,
      '',
      'JBSWY3DPEHPK3PXP',
      `${version}.AAAA.${body}`,
    ]) {
      expect(sealer.open(bad, '7'), bad).toBeNull();
    }
    expect(new SecretSealer(randomBytes(32)).open(sealed, '7')).toBeNull();
  });
});
