import { describe, expect, it } from 'vitest';
import { countdownText } from '../../renderer/src/components/countdown-text.ts';

describe('countdown words', () => {
  it('counts seconds, then minutes and seconds, and says what it was told at zero', () => {
    expect(countdownText(5_400)).toBe('6 s');
    expect(countdownText(119_000)).toBe('119 s');
    expect(countdownText(125_000)).toBe('2 min 5 s');
    expect(countdownText(0)).toBe('expired');
    expect(countdownText(-3_000)).toBe('expired');
    // The cookie panel's idle expiry: the key is only gone once the store says so.
    expect(countdownText(0, 'due now')).toBe('due now');
  });
});
