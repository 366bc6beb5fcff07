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

/** The keyspace calls that read; the others in {@link WRITES} change keys. */
const READS = new Set(['get', 'exists', 'pttl', 'smembers', 'scard', 'zrange', 'zcard', 'scan', 'type', 'size']);
const WRITES = new Set(['set', 'del', 'pexpire', 'persist', 'incr', 'sadd', 'srem', 'zadd', 'zrem', 'multi']);

/**
 * Whoever tallies keyspace calls per unit of work (the inspector, per HTTP exchange): the store only knows that
 * someone counts, never who or why.
 */
export interface StoreCallTally {
  /** A call began at `at` (performance.now()). */
  begin(at: number): void;
  /** That call ended at `at`: `commands` commands (a multi's writes, else 1), reads or writes. */
  end(at: number, commands: number, write: boolean): void;
}

/**
 * The same store, with the duration of every keyspace call recorded in `window`, and told to the tally `current()`
 * returns when the call begins (none: nobody counts this call).
 */
export function measureStore(
  store: KeyStore,
  window: LatencyWindow,
  current: () => StoreCallTally | undefined = () => undefined,
): KeyStore {
  // Each method's wrapper is made once (again only if the method itself is replaced), not on every call: every
  // session and token check reaches the store through here.
  const wrappers = new Map<string | symbol, { value: unknown; wrapper: unknown }>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const known = wrappers.get(property);
      if (known?.value === value) return known.wrapper;
      const name = String(property);
      const write = WRITES.has(name);
      const wrapper =
        !write && !READS.has(name)
          ? value.bind(target)
          : (...args: unknown[]) => {
              const started = performance.now();
              const tally = current();
              tally?.begin(started);
              const result = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
              return result.finally(() => {
                const ended = performance.now();
                window.record(ended - started);
                tally?.end(ended, name === 'multi' ? (args[0] as unknown[]).length : 1, write);
              });
            };
      wrappers.set(property, { value, wrapper });
      return wrapper;
    },
  });
}
