import { percentile } from '../../shared/percentiles.ts';
import type { LoadFigures } from '../../shared/api/lab-load.ts';

/** Two ascending arrays as one. */
function merged(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/**
 * One check's counts over a load run: the open second's server times, and every closed second's, kept sorted (a
 * second's are sorted once and merged in when it closes, so the run's percentiles each second cost a pass, not a sort
 * of the whole run: that work is in the server's CPU figure too). A 30 s run keeps a few hundred thousand numbers.
 */
export class LoadTally {
  #window: number[] = [];
  #windowErrors = 0;
  #closed: Float64Array = new Float64Array(0);
  errors = 0;
  activeMs = 0;
  cpuMicros = 0;
  cpuRequests = 0;

  /** One answered request: its status and server time. */
  add(status: number, ms: number): void {
    this.#window.push(ms);
    if (status !== 200) {
      this.errors++;
      this.#windowErrors++;
    }
  }

  /** Requests answered in the open second. */
  get windowRequests(): number {
    return this.#window.length;
  }

  /**
   * Closes the open second: its figures over `ms` with `cpu` (null when it answered nothing), and its times joined to
   * the run's.
   */
  closeWindow(ms: number, cpu: { micros: number; requests: number }): LoadFigures | null {
    if (this.#window.length === 0) return null;
    const sorted = Float64Array.from(this.#window).sort();
    const window = loadFigures(sorted, this.#windowErrors, ms, cpu);
    this.#closed = merged(this.#closed, sorted);
    this.#window = [];
    this.#windowErrors = 0;
    return window;
  }

  /** The run's figures over its closed seconds. */
  totals(): LoadFigures {
    return loadFigures(this.#closed, this.errors, this.activeMs, {
      micros: this.cpuMicros,
      requests: this.cpuRequests,
    });
  }
}

/** One check's figures from its sorted server times, its errors, the ms they took and the CPU they cost. */
export function loadFigures(
  sorted: Float64Array,
  errors: number,
  ms: number,
  cpu: { micros: number; requests: number } | null,
): LoadFigures {
  const ms2 = (value: number) => (Number.isNaN(value) ? 0 : Math.round(value * 100) / 100);
  return {
    requests: sorted.length,
    errors,
    requestsPerSecond: ms > 0 ? Math.round((sorted.length / ms) * 10_000) / 10 : 0,
    p50Ms: ms2(percentile(sorted, 50)),
    p99Ms: ms2(percentile(sorted, 99)),
    cpuMicrosPerRequest: cpu && cpu.requests > 0 ? Math.round((cpu.micros / cpu.requests) * 10) / 10 : null,
  };
}
