import { describe, expect, it } from 'vitest';
import { LoadTally } from '../../../server/labs/load-tally.ts';
import { p50p99 } from '../../../shared/percentiles.ts';

describe('LoadTally (a load run’s counts of one check)', () => {
  it('gives each second’s figures and the run’s, its percentiles those of every time counted (merged, not re-sorted)', () => {
    const tally = new LoadTally();
    const all: number[] = [];
    const seconds = [[5, 1, 3, 2, 4], [0.5, 9, 0.25], [], Array.from({ length: 300 }, (_, i) => ((i * 37) % 101) / 10)];
    for (const [at, second] of seconds.entries()) {
      for (const [i, ms] of second.entries()) tally.add(i === 0 && at === 1 ? 401 : 200, ms);
      all.push(...second);
      expect(tally.windowRequests).toBe(second.length);
      const figures = tally.closeWindow(1_000, { micros: 50 * second.length, requests: second.length });
      if (second.length === 0) expect(figures).toBeNull();
      else {
        const { p50, p99 } = p50p99(second);
        expect(figures).toMatchObject({ requests: second.length, p50Ms: p50, p99Ms: p99, cpuMicrosPerRequest: 50 });
      }
      expect(tally.windowRequests).toBe(0);
    }
    tally.activeMs = 4_000;
    tally.cpuMicros = 60 * all.length;
    tally.cpuRequests = all.length;
    const { p50, p99 } = p50p99(all);
    expect(tally.totals()).toEqual({
      requests: all.length,
      errors: 1,
      requestsPerSecond: Math.round((all.length / 4_000) * 10_000) / 10,
      p50Ms: Math.round(p50 * 100) / 100,
      p99Ms: Math.round(p99 * 100) / 100,
      cpuMicrosPerRequest: 60,
    });
  });

  it('answers zeros, not NaN, before anything was counted', () => {
    expect(new LoadTally().totals()).toEqual({
      requests: 0,
      errors: 0,
      requestsPerSecond: 0,
      p50Ms: 0,
      p99Ms: 0,
      cpuMicrosPerRequest: null,
    });
  });
});
