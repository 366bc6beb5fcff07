import { describe, expect, it } from 'vitest';
import type { LoadEvent } from '../../shared/api/lab-load.ts';
import {
  formatValue,
  loadPoints,
  nearestPoint,
  timeTicks,
  valueTicks,
} from '../../renderer/src/labs/load-chart-scale.ts';

describe('the load charts’ scales', () => {
  it('puts round y ticks from 0 up to the first at or above the largest value', () => {
    expect(valueTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(valueTicks(8)).toEqual([0, 2, 4, 6, 8]);
    expect(valueTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(valueTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(valueTicks(0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('labels time in whole seconds, sparser for longer runs, always ending at the run’s end', () => {
    expect(timeTicks(3)).toEqual([0, 1, 2, 3]);
    expect(timeTicks(15)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 15]);
    expect(timeTicks(30)).toEqual([0, 5, 10, 15, 20, 25, 30]);
  });

  it('finds the point nearest a time, and formats figures for reading', () => {
    const points = [1, 2, 3].map((second) => ({ second, target: 'session' as const, value: second }));
    expect(nearestPoint(points, 2.4)).toBe(1);
    expect(nearestPoint(points, 9)).toBe(2);
    expect(nearestPoint([], 1)).toBe(-1);
    expect(formatValue(12_345.6)).toBe('12,346');
    expect(formatValue(12.345)).toBe('12.3');
    expect(formatValue(0.1234)).toBe('0.12');
  });

  it('takes each second’s figure and check from the load events, skipping seconds that answered nothing', () => {
    const event = (elapsedMs: number, window: LoadEvent['window']) => ({ elapsedMs, window }) as LoadEvent;
    const figures = { requests: 1, errors: 0, requestsPerSecond: 900, p50Ms: 1, p99Ms: 3, cpuMicrosPerRequest: null };
    const events = [
      event(1_004, { target: 'session', figures }),
      event(2_010, null),
      event(3_051, { target: 'token', figures }),
    ];
    expect(loadPoints(events, 'requestsPerSecond')).toEqual([
      { second: 1, target: 'session', value: 900 },
      { second: 3.1, target: 'token', value: 900 },
    ]);
    expect(loadPoints(events, 'cpuMicrosPerRequest')).toEqual([]);
  });
});
