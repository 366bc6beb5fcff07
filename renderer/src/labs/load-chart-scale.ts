import type { LoadEvent, LoadTarget } from '../../../shared/api/lab-load.ts';

/** One point: a second of the run, the check it hammered, and the figure. */
export interface LoadPoint {
  second: number;
  target: LoadTarget;
  value: number;
}

/** The figures a chart can draw. */
export type LoadFigureName = 'requestsPerSecond' | 'p99Ms' | 'cpuMicrosPerRequest';

/** The points of one figure over a run's one-second windows. */
export function loadPoints(events: LoadEvent[], figure: LoadFigureName): LoadPoint[] {
  return events.flatMap((event) => {
    const value = event.window?.figures[figure];
    return event.window && typeof value === 'number'
      ? [{ second: Math.round(event.elapsedMs / 100) / 10, target: event.window.target, value }]
      : [];
  });
}

/** Round y-axis ticks from 0 to at least `max`: steps of 1, 2, 2.5 or 5 × a power of ten, about `count` of them. */
export function valueTicks(max: number, count = 4): number[] {
  const top = max > 0 ? max : 1;
  const rough = top / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const ticks = [0];
  while (ticks.at(-1)! < top - step * 1e-9) ticks.push(ticks.length * step);
  // Floating point: 0.30000000000000004 → 0.3.
  return ticks.map((tick) => Number(tick.toPrecision(12)));
}

/** X-axis ticks in whole seconds from 0 to `seconds`: every second up to 10, then every 2, then every 5. */
export function timeTicks(seconds: number): number[] {
  const end = Math.max(1, Math.ceil(seconds));
  const step = end <= 10 ? 1 : end <= 20 ? 2 : 5;
  const ticks: number[] = [];
  for (let second = 0; second <= end; second += step) ticks.push(second);
  if (ticks.at(-1) !== end) ticks.push(end);
  return ticks;
}

/** The index of the point nearest to `second` (by time), or -1 when there is none. */
export function nearestPoint(points: LoadPoint[], second: number): number {
  let best = -1;
  for (let index = 0; index < points.length; index++)
    if (best === -1 || Math.abs(points[index]!.second - second) < Math.abs(points[best]!.second - second)) best = index;
  return best;
}

/** A figure as the axis and the readout print it: no more than 3 significant decimals, thousands grouped. */
export function formatValue(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return Number(value.toFixed(digits)).toLocaleString('en-US');
}
