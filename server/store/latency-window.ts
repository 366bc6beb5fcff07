import { p50p99 } from '../../shared/percentiles.ts';
import type { KeyStore } from './types.ts';

/** Durations of store calls since the last snapshot, for the p50/p99 the metrics show. */
export class LatencyWindow {
  #samples: number[] = [];

  /** Adds one call's duration in ms. */
  record(ms: number): void {
    if (this.#samples.length < 100_000) this.#samples.push(ms);
  }

  /** p50, p99 and the number of calls since the last snapshot, then starts a new window. */
  take(): { p50: number; p99: number; ops: number } {
    const samples = this.#samples;
    this.#samples = [];
    const { p50, p99 } = p50p99(samples);
    const ms3 = (value: number) => (Number.isNaN(value) ? 0 : Math.round(value * 1_000) / 1_000);
    return { p50: ms3(p50), p99: ms3(p99), ops: samples.length };
  }
}

const TIMED = new Set([
  'get',
  'set',
  'del',
  'exists',
  'pexpire',
  'pttl',
  'persist',
  'incr',
  'sadd',
  'srem',
  'smembers',
  'scard',
  'scan',
  'type',
  'size',
  'multi',
]);

/** The same store, with the duration of every keyspace call recorded in `window`. */
export function measureStore(store: KeyStore, window: LatencyWindow): KeyStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (!TIMED.has(String(property))) return value.bind(target);
      return (...args: unknown[]) => {
        const started = performance.now();
        const result = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        return result.finally(() => window.record(performance.now() - started));
      };
    },
  });
}
