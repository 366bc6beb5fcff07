import { describe, expect, it } from 'vitest';
import { realWords, targetWords } from '../../renderer/src/labs/jwt-attack-state.ts';

describe('the JWT labs’ side-by-side words', () => {
  const refusal = (code: string, message: string) => ({ ok: false as const, status: 401, code, message });

  it('an expired token at the lab target says so and how to get a fresh one; other refusals only give the reason', () => {
    expect(targetWords(refusal('TOKEN_EXPIRED', 'The token expired at 2026-12-05T21:00:00.000Z'))).toMatch(
      /^Refused by the lab target: The token expired at .+\. Its tokens last 30 minutes: run the lab’s step that gets tokens from the lab target again/,
    );
    expect(targetWords(refusal('LAB_KID_NOT_FOUND', 'kid "x" names no file'))).toBe(
      'Refused by the lab target: kid "x" names no file.',
    );
  });

  it('the real API’s refusal gets the lab’s note for its code, and none for another code', () => {
    const notes = { TOKEN_KID_UNKNOWN: 'That is only its first gate.' };
    expect(realWords(refusal('TOKEN_KID_UNKNOWN', 'The header has no kid'), notes)).toBe(
      'Refused by the real verifier: The header has no kid. That is only its first gate.',
    );
    expect(realWords(refusal('TOKEN_SIGNATURE_INVALID', 'The signature does not match'), notes)).toBe(
      'Refused by the real verifier: The signature does not match.',
    );
  });
});
