import { describe, expect, it } from 'vitest';
import { clearedText } from '../../renderer/src/inspector/clear-keys-words.ts';

describe('what "clear lab keys" says it removed', () => {
  it('the total, then each kind it removed', () => {
    expect(clearedText({ removed: { denylist: 7, refresh: 3, throttle: 2 }, total: 12 })).toBe(
      'Removed 12 keys: 7 denylist, 3 refresh, 2 throttle',
    );
    expect(clearedText({ removed: { denylist: 0, refresh: 5, throttle: 1 }, total: 6 })).toBe(
      'Removed 6 keys: 5 refresh, 1 throttle',
    );
    expect(clearedText({ removed: { denylist: 0, refresh: 0, throttle: 1 }, total: 1 })).toBe(
      'Removed 1 key: 1 throttle',
    );
  });

  it('says so when there was nothing to clear', () => {
    expect(clearedText({ removed: { denylist: 0, refresh: 0, throttle: 0 }, total: 0 })).toMatch(/^Nothing to clear/);
  });
});
