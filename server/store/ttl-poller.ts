import type { Cluster, Redis } from 'ioredis';
import type { KeyChange } from '../../shared/store-events.ts';

/**
 * The fallback when Redis refuses keyspace notifications: remembers when each key this process gave a
 * TTL should expire and, once that time has passed, asks Redis whether it is gone. Keys written by
 * other processes are not seen; /health says `ttl-polling` so the learner knows.
 */
export class TtlPoller {
  readonly #client: Redis | Cluster;
  readonly #intervalMs: number;
  readonly #onExpired: (key: string) => void;
  readonly #now: () => number;
  readonly #due = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #polling = false;

  constructor(
    client: Redis | Cluster,
    intervalMs: number,
    onExpired: (key: string) => void,
    now: () => number = Date.now,
  ) {
    this.#now = now;
    this.#client = client;
    this.#intervalMs = intervalMs;
    this.#onExpired = onExpired;
  }

  /** Starts or stops polling. */
  setActive(active: boolean): void {
    if (active && !this.#timer) {
      this.#timer = setInterval(() => void this.#poll(), this.#intervalMs);
      this.#timer.unref();
    } else if (!active) this.stop();
  }

  /** Whether Redis refused notifications, so expiries are polled. */
  get active(): boolean {
    return this.#timer !== undefined;
  }

  /** Follows a write: a TTL to wait for, or a key that no longer has one (deleted, persisted, expired at once). */
  track(change: KeyChange): void {
    if (!this.#timer) return;
    if (change.op === 'del' || (change.pttl !== undefined && change.pttl <= 0)) this.#due.delete(change.key);
    else if (change.pttl !== undefined) this.#due.set(change.key, change.at + change.pttl);
  }

  /** Stops following a key (a notification announced it). */
  forget(key: string): void {
    this.#due.delete(key);
  }

  /** Stops polling and forgets every key. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#due.clear();
  }

  async #poll(): Promise<void> {
    if (this.#polling || this.#client.status !== 'ready') return;
    this.#polling = true;
    try {
      const now = this.#now();
      const due = [...this.#due].filter(([, at]) => at <= now).map(([key]) => key);
      const ttls = await Promise.all(due.map((key) => this.#client.pttl(key)));
      due.forEach((key, i) => {
        const ttl = ttls[i]!;
        if (ttl > 0) this.#due.set(key, now + ttl);
        else {
          this.#due.delete(key);
          if (ttl === -2) this.#onExpired(key);
        }
      });
    } catch {
      // Redis went away mid-poll; the keys stay due and are asked about again after it recovers.
    } finally {
      this.#polling = false;
    }
  }
}
