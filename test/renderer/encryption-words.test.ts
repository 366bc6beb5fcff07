import { describe, expect, it } from 'vitest';
import { encryptedSummary, refusalWords, tamperWords } from '../../renderer/src/inspector/encryption-words.ts';
import { signedOutWords } from '../../renderer/src/panels/signed-out-words.ts';

describe('the words of encryption at rest', () => {
  it('says which key and what the server does, and a refusal once, by its code', () => {
    expect(encryptedSummary({ kid: 'k2', value: '{}', error: null })).toMatch(/^Encrypted with key k2\. The store/);
    const refused = encryptedSummary({ kid: 'k1', value: null, error: { code: 'SESSION_UNREADABLE', message: 'x' } });
    expect(refused).toMatch(/refuses to read it/);
    expect(refused).not.toMatch(/authentication tag/);
    expect(encryptedSummary({ kid: null, value: null, error: { code: 'SESSION_UNREADABLE', message: 'x' } })).toMatch(
      /a key it does not name/,
    );
    expect(refusalWords('SESSION_UNREADABLE')).toMatch(/authentication tag no longer matches/);
    expect(refusalWords('SESSION_KEY_UNKNOWN')).toMatch(/no longer holds the key/);
  });

  it('says which byte changed and what the next request gets', () => {
    const words = tamperWords({ key: 'sl:sess:a', byte: { index: 7, before: '4f', after: '4e' }, value: '', pttl: 1 });
    expect(words).toMatch(/^Byte 7 of the ciphertext changed from 4f to 4e/);
    expect(words).toContain('401 SESSION_UNREADABLE');
  });

  it('gives the cookie panel plain words for the refusals that sign it out, and none for the rest', () => {
    expect(signedOutWords('SESSION_UNREADABLE')).toMatch(/could not decrypt/);
    expect(signedOutWords('SESSION_KEY_UNKNOWN')).toMatch(/no longer holds/);
    expect(signedOutWords('SOMETHING_ELSE')).toBeNull();
  });
});
