import { describe, expect, it } from 'vitest';
import {
  ciphertextOf,
  encryptedSummary,
  flippedSpan,
  pendingWords,
  refusalWords,
  sealWords,
  tamperWords,
} from '../../renderer/src/inspector/encryption-words.ts';
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
    expect(words).toMatch(/^Byte 7 of the ciphertext \(marked in it above\) changed from 4f to 4e/);
    expect(words).toContain('401 SESSION_UNREADABLE');
    expect(words).toMatch(/still counted there\) until its time to live runs out/);
  });

  it('marks the two base64url characters that carry the flipped byte, inside the ct field', () => {
    const ct = Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8]).toString('base64url');
    const stored = JSON.stringify({ enc: 'A256GCM', kid: 'k1', iv: 'AAAA', ct, tag: 'BBBB' });
    for (let index = 0; index < 9; index += 1) {
      const span = flippedSpan(stored, index)!;
      const flipped = Buffer.from(ct, 'base64url');
      flipped[index] = flipped[index]! ^ 1;
      const changedAt = [...flipped.toString('base64url')].findIndex((char, i) => char !== ct[i]);
      const ctStart = stored.indexOf(ct);
      // The character the flip changed lies in the marked span.
      expect(ctStart + changedAt, `byte ${index}`).toBeGreaterThanOrEqual(span.start);
      expect(ctStart + changedAt, `byte ${index}`).toBeLessThan(span.end);
      expect(span.end - span.start).toBe(2);
    }
    expect(flippedSpan(stored, 9)).toBeNull();
    // Pretty-printed, as the key detail shows it: the same characters.
    const pretty = JSON.stringify(JSON.parse(stored), null, 2);
    const at = flippedSpan(pretty, 4)!;
    expect(pretty.slice(at.start, at.end)).toBe(
      stored.slice(flippedSpan(stored, 4)!.start, flippedSpan(stored, 4)!.end),
    );
    expect(ciphertextOf(pretty)).toBe(ct);
    expect(ciphertextOf('not json')).toBeNull();
    expect(flippedSpan('{"plain":true}', 0)).toBeNull();
  });

  it('names when a record is written again (the renewal interval), and what encrypting it now did', () => {
    expect(pendingWords(false, 5_000)).toMatch(
      /^This record stays plain until its session is written again: at a new login, or when a request renews it, which happens at most once every 5 s \(--session-touch\): a reload sooner than that rewrites nothing\.$/,
    );
    expect(pendingWords(true, 120_000)).toMatch(/stays encrypted .* every 2 min/);
    expect(pendingWords(false, null)).toMatch(/or when a request renews it\.$/);
    expect(sealWords({ key: 'sl:sess:a', kid: 'k2', value: '', pttl: 1 })).toMatch(
      /^Encrypted now with key k2: one SET … KEEPTTL XX rewrote the record \(see the command log\)/,
    );
  });

  it('gives the cookie panel plain words for the refusals that sign it out, and none for the rest', () => {
    expect(signedOutWords('SESSION_UNREADABLE')).toMatch(/could not decrypt/);
    expect(signedOutWords('SESSION_KEY_UNKNOWN')).toMatch(/no longer holds/);
    expect(signedOutWords('SOMETHING_ELSE')).toBeNull();
  });
});
