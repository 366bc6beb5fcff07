import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import type { LoadTarget } from '../../../shared/api/lab-load.ts';
import { formatValue, nearestPoint, timeTicks, valueTicks, type LoadPoint } from './load-chart-scale.ts';

export { loadPoints, type LoadPoint } from './load-chart-scale.ts';

/** The chart's width before it is measured; it is drawn at its box's own width, so its text keeps its size. */
const FIRST_WIDTH = 440;
const HEIGHT = 190;
const MARGIN = { left: 56, right: 16, top: 24, bottom: 40 };
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

/** The width of an element's content box, followed as it changes. */
function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(FIRST_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(Math.max(240, Math.round(element.clientWidth))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
const TARGETS = ['session', 'token'] as const;

/** What each series is called on screen. */
export const SERIES_NAMES: Record<LoadTarget, string> = { session: 'session check', token: 'token check' };

/** A series' marker: a circle for the session check, a square for the token check (not colour alone). */
export function SeriesMarker({ target, x, y, size = 4 }: { target: LoadTarget; x: number; y: number; size?: number }) {
  return target === 'session' ? (
    <circle cx={x} cy={y} r={size} />
  ) : (
    <rect x={x - size} y={y - size} width={size * 2} height={size * 2} />
  );
}

function summary(title: string, unit: string, points: LoadPoint[]): string {
  const parts = TARGETS.flatMap((target) => {
    const values = points.filter((point) => point.target === target).map((point) => point.value);
    if (values.length === 0) return [];
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    return [
      `${SERIES_NAMES[target]}: ${values.length} second${values.length === 1 ? '' : 's'}, from ${formatValue(Math.min(...values))} to ${formatValue(Math.max(...values))} ${unit}, mean ${formatValue(mean)}`,
    ];
  });
  return `${title} chart. ${parts.join('; ') || 'No figures yet'}.`;
}

const pointText = (point: LoadPoint, unit: string) =>
  `${SERIES_NAMES[point.target]}: ${formatValue(point.value)} ${unit} in the second ending at ${point.second.toFixed(1)} s`;

/**
 * A line chart (SVG, one line per check) of one figure per second of a run: a y axis with its unit, a time axis in
 * seconds, and a readout under it. Hovering, or focusing it and pressing ← →, reads one second's value into the
 * readout (announced to screen readers); the panel's tables hold every figure too.
 */
export function LoadChart({
  id,
  title,
  unit,
  gloss,
  points,
  seconds,
}: {
  id: string;
  title: string;
  unit: string;
  gloss: string;
  points: LoadPoint[];
  seconds: number;
}) {
  const [active, setActive] = useState<number | null>(null);
  const readoutId = useId();
  const [box, WIDTH] = useWidth();
  const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
  const yTicks = valueTicks(Math.max(0, ...points.map((point) => point.value)));
  const top = yTicks.at(-1)!;
  // The last window ends a little after the run's seconds (the drain): the axis reaches it, its labels stop at the run's end.
  const end = Math.max(seconds, ...points.map((point) => point.second));
  const xTicks = timeTicks(seconds);
  const x = (second: number) => MARGIN.left + (Math.min(second, end) / end) * PLOT_W;
  const y = (value: number) => MARGIN.top + PLOT_H - (value / top) * PLOT_H;
  const shown = active !== null ? points[active] : undefined;

  const onPointer = (event: PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width === 0) return;
    const second = (((event.clientX - box.left) / box.width) * WIDTH - MARGIN.left) / (PLOT_W / end);
    const index = nearestPoint(points, second);
    setActive(index >= 0 ? index : null);
  };
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (points.length === 0) return;
    const last = points.length - 1;
    const moves: Record<string, number> = {
      ArrowLeft: Math.max(0, (active ?? last + 1) - 1),
      ArrowRight: Math.min(last, (active ?? -1) + 1),
      Home: 0,
      End: last,
    };
    if (event.key === 'Escape') setActive(null);
    else if (event.key in moves) setActive(moves[event.key]!);
    else return;
    event.preventDefault();
  };
  const latest = TARGETS.flatMap((target) => {
    const point = points.findLast((candidate) => candidate.target === target);
    return point ? [point] : [];
  });

  return (
    <figure className="load-chart" data-testid={`load-chart-${id}`}>
      <figcaption>
        <strong>{title}</strong> <span className="muted">({unit})</span>
        <span className="load-chart-key" aria-hidden="true">
          {TARGETS.map((target) => (
            <span key={target} className={`load-series load-${target}`}>
              <svg width="26" height="12" viewBox="0 0 26 12">
                <line x1="1" x2="25" y1="6" y2="6" />
                <SeriesMarker target={target} x={13} y={6} size={3.5} />
              </svg>
              {SERIES_NAMES[target]}
            </span>
          ))}
        </span>
        <span className="load-chart-gloss muted">{gloss}</span>
      </figcaption>
      <div
        className="load-chart-plot"
        ref={box}
        tabIndex={0}
        role="group"
        aria-label={`${title}: focus and press ← → to read each second`}
        aria-describedby={readoutId}
        onKeyDown={onKey}
        onBlur={() => setActive(null)}
        data-testid={`load-chart-${id}-plot`}
      >
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={summary(title, unit, points)}
          onPointerMove={onPointer}
          onPointerLeave={() => setActive(null)}
        >
          <g className="load-axis load-axis-y" data-testid="load-axis-y">
            {yTicks.map((tick) => (
              <g key={tick}>
                <line className="load-grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
                <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
                  {formatValue(tick)}
                </text>
              </g>
            ))}
            <text className="load-axis-title" x={MARGIN.left - 6} y={MARGIN.top - 10} textAnchor="end">
              {unit}
            </text>
          </g>
          <g className="load-axis load-axis-x" data-testid="load-axis-x">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} />
            {xTicks.map((tick) => (
              <g key={tick}>
                <line x1={x(tick)} x2={x(tick)} y1={y(0)} y2={y(0) + 4} />
                <text x={x(tick)} y={y(0) + 15} textAnchor="middle">
                  {tick} s
                </text>
              </g>
            ))}
            <text className="load-axis-title" x={MARGIN.left + PLOT_W / 2} y={HEIGHT - 4} textAnchor="middle">
              time into the run
            </text>
          </g>
          {TARGETS.map((target) => {
            const mine = points.filter((point) => point.target === target);
            return (
              <g key={target} className={`load-series load-${target}`} data-testid={`load-series-${target}`}>
                <polyline points={mine.map((point) => `${x(point.second)},${y(point.value)}`).join(' ')} />
                {mine.map((point) => (
                  <SeriesMarker key={point.second} target={target} x={x(point.second)} y={y(point.value)} />
                ))}
              </g>
            );
          })}
          {shown && (
            <g className="load-cursor" data-testid="load-cursor">
              <line x1={x(shown.second)} x2={x(shown.second)} y1={MARGIN.top} y2={y(0)} />
              <g className={`load-series load-${shown.target}`}>
                <SeriesMarker target={shown.target} x={x(shown.second)} y={y(shown.value)} size={6} />
              </g>
            </g>
          )}
        </svg>
      </div>
      <p className="load-readout" id={readoutId} aria-live="polite" data-testid={`load-chart-${id}-readout`}>
        {shown
          ? pointText(shown, unit)
          : latest.length > 0
            ? `Latest: ${latest.map((point) => `${SERIES_NAMES[point.target]} ${formatValue(point.value)} ${unit} (${point.second.toFixed(1)} s)`).join(' · ')}`
            : 'No second measured yet.'}
      </p>
    </figure>
  );
}
