import { describe, expect, it } from 'vitest';
import { median, p50p99, percentile } from '../../shared/percentiles.ts';

describe('percentile (nearest rank)', () => {
  it('is a sample that was measured: the smallest with at least p % at or below it', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 90)).toBe(9);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 100)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  it('p50p99 sorts a copy of unsorted samples as numbers, not as strings', () => {
    const samples = [100, 9, 1_000, 20, 3];
    const { p50, p99 } = p50p99(samples);
    expect(p50).toBe(20);
    expect(p99).toBe(1_000);
    expect(samples).toEqual([100, 9, 1_000, 20, 3]);
    const many = Array.from({ length: 1_000 }, (_, i) => 1_000 - i);
    expect(p50p99(many)).toEqual({ p50: 500, p99: 990 });
  });

  it('median is the p50 of unsorted samples: the lower middle one of an even count, the input left as it was', () => {
    const rounds = [30, 10, 20];
    expect(median(rounds)).toBe(20);
    expect(rounds).toEqual([30, 10, 20]);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });
});
