/**
 * The one percentile of the project (the load lab, the store's latency window, the bench, the load test): the
 * nearest-rank method, the smallest sample with at least p % of the samples at or below it. No interpolation, so
 * a figure is always a latency that was measured.
 */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number {
  const n = sortedAscending.length;
  if (n === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * n);
  return sortedAscending[Math.min(n - 1, Math.max(0, rank - 1))]!;
}

/** The p50 of unsorted samples (the input is left as it was): for an even count, the lower of the two middle ones. */
export function median(samples: ArrayLike<number>): number {
  return percentile(Float64Array.from(samples).sort(), 50);
}

/** p50 and p99 of unsorted samples (the input is left as it was); NaN for both when there is none. */
export function p50p99(samples: ArrayLike<number>): { p50: number; p99: number } {
  const sorted = Float64Array.from(samples).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
