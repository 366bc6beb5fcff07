import type { StoreCallTally } from '../store/latency-window.ts';
import { writeCause } from './exchange-context.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';

/**
 * The time one exchange spent waiting for the store: the wall-clock time during which at least one of its keyspace
 * calls was under way (calls run side by side count once, so it never exceeds the exchange's own duration), and how
 * many commands it sent, reads and writes. A few numbers per exchange, nothing per call.
 */
export class StoreTime implements StoreCallTally {
  #running = 0;
  #since = 0;
  #ms = 0;
  #reads = 0;
  #writes = 0;

  begin(at: number): void {
    if (this.#running++ === 0) this.#since = at;
  }

  end(at: number, commands: number, write: boolean): void {
    if (write) this.#writes += commands;
    else this.#reads += commands;
    if (--this.#running === 0) this.#ms += at - this.#since;
  }

  /** The figures as the http event carries them (ms to 0.001; a call still under way counts up to `now`). */
  figures(now: number): NonNullable<HttpEvent['storeTime']> {
    const ms = this.#ms + (this.#running > 0 ? now - this.#since : 0);
    return {
      ms: Math.round(ms * 1_000) / 1_000,
      commands: this.#reads + this.#writes,
      reads: this.#reads,
      writes: this.#writes,
    };
  }
}

/** The store time of the exchange running in this async context, if any (what `measureStore` tells each call to). */
export function currentStoreTime(): StoreTime | undefined {
  const cause = writeCause.getStore();
  return typeof cause === 'object' ? cause.storeTime : undefined;
}
