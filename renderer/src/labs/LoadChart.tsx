import type { LoadEvent, LoadTarget } from '../../../shared/api/lab-load.ts';

/** One point: a second of the run, the check it hammered, and the figure. */
export interface LoadPoint {
  second: number;
  target: LoadTarget;
  value: number;
}

const WIDTH = 240;
const HEIGHT = 90;
const PAD = 4;
const NAMES: Record<LoadTarget, string> = { session: 'session check', token: 'token check' };

/** The points of one figure over a run's one-second windows. */
export function loadPoints(
  events: LoadEvent[],
  figure: 'requestsPerSecond' | 'p99Ms' | 'cpuMicrosPerRequest',
): LoadPoint[] {
  return events.flatMap((event) => {
    const value = event.window?.figures[figure];
    return event.window && typeof value === 'number'
      ? [{ second: Math.round(event.elapsedMs / 100) / 10, target: event.window.target, value }]
      : [];
  });
}

/**
 * A small line chart (SVG, one line per check) of one figure per second. The figures themselves are in the
 * totals table beside it and in the chart's label, for anyone who cannot see it.
 */
export function LoadChart({
  title,
  unit,
  points,
  seconds,
}: {
  title: string;
  unit: string;
  points: LoadPoint[];
  seconds: number;
}) {
  const top = Math.max(1, ...points.map((point) => point.value));
  const x = (second: number) => PAD + (Math.min(second, seconds + 1) / (seconds + 1)) * (WIDTH - 2 * PAD);
  const y = (value: number) => HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD);
  const last = (target: LoadTarget) => points.filter((point) => point.target === target).at(-1);
  const label = `${title}: ${
    (['session', 'token'] as const)
      .map((target) => last(target))
      .filter((point) => point !== undefined)
      .map((point) => `${NAMES[point.target]} ${point.value} ${unit} at ${point.second} s`)
      .join('; ') || 'no figures yet'
  }`;
  return (
    <figure className="load-chart">
      <figcaption>
        {title}{' '}
        <span className="muted">
          (max {Math.round(top * 10) / 10} {unit})
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <rect x="0" y="0" width={WIDTH} height={HEIGHT} className="load-chart-frame" />
        {(['session', 'token'] as const).map((target) => {
          const mine = points.filter((point) => point.target === target);
          return (
            <g key={target} className={`load-series load-${target}`}>
              <polyline points={mine.map((point) => `${x(point.second)},${y(point.value)}`).join(' ')} />
              {mine.map((point) => (
                <circle key={point.second} cx={x(point.second)} cy={y(point.value)} r="2.5" />
              ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
