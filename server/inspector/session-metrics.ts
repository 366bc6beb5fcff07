import type { EventHub } from './event-hub.ts';
import type { LatencyWindow } from '../store/latency-window.ts';
import type { FileBacked, KeyStore, StoreFileSize } from '../store/types.ts';
import type { KeyChange } from '../../shared/store-events.ts';
import type { MetricsEvent } from '../../shared/inspector-events.ts';
import { KEY_PREFIXES } from '../../shared/key-names.ts';

const SESSION_PREFIX = KEY_PREFIXES.session;

/** What a `metrics` event carries. */
export type MetricsSnapshot = MetricsEvent;

/**
 * Counts live sessions from the change feed (after one SCAN at start), sessions made and ended per
 * second, and the store's call latency; publishes a `metrics` event every interval.
 */
export class SessionMetrics {
  readonly #store: KeyStore;
  readonly #hub: EventHub;
  readonly #latency: LatencyWindow;
  readonly #live = new Set<string>();
  readonly #unsubscribe: () => void;
  #created = 0;
  #destroyed = 0;
  #lastTick = performance.now();
  #timer: NodeJS.Timeout | undefined;
  #seeded = false;
  #endedDuringSeed: Set<string> | undefined;

  constructor(store: KeyStore, hub: EventHub, latency: LatencyWindow) {
    this.#store = store;
    this.#hub = hub;
    this.#latency = latency;
    this.#unsubscribe = store.onChange((change) => this.#onChange(change));
  }

  /** Publishes every `intervalMs`, after counting the sessions already in the store (retried each tick while the store is down). */
  start(intervalMs: number): void {
    this.#timer = setInterval(() => void this.tick().catch(() => {}), intervalMs);
    this.#timer.unref();
    void this.#seed();
  }

  async #seed(): Promise<void> {
    if (this.#seeded) return;
    try {
      let cursor = '0';
      const found: string[] = [];
      this.#endedDuringSeed = new Set();
      do {
        const page = await this.#store.scan(cursor, { match: `${SESSION_PREFIX}*`, count: 1_000 });
        found.push(...page.keys);
        cursor = page.cursor;
      } while (cursor !== '0');
      // A session that ended while the SCAN ran may still be in its pages: it must not be counted.
      for (const key of found) if (!this.#endedDuringSeed.has(key)) this.#live.add(key);
      this.#seeded = true;
    } catch {
      // The store is down: the count starts from the change feed, and the next tick tries again.
    } finally {
      this.#endedDuringSeed = undefined;
    }
  }

  /** Publishes one `metrics` event and starts the next window. */
  async tick(): Promise<MetricsSnapshot> {
    if (this.#timer) await this.#seed();
    const now = performance.now();
    const seconds = Math.max(0.001, (now - this.#lastTick) / 1_000);
    this.#lastTick = now;
    const snapshot: MetricsSnapshot = {
      liveSessions: this.#live.size,
      sessionsCreatedPerSecond: Math.round((this.#created / seconds) * 10) / 10,
      sessionsDestroyedPerSecond: Math.round((this.#destroyed / seconds) * 10) / 10,
      storeLatencyMs: this.#latency.take(),
      usedMemory: await this.#store.usedMemory().catch(() => null),
      storeKind: this.#store.kind,
      storeFile: this.#storeFile(),
    };
    this.#created = 0;
    this.#destroyed = 0;
    this.#hub.publish('metrics', snapshot);
    return snapshot;
  }

  /** The embedded store's file size, when the store is kept in a file that can be read now. */
  #storeFile(): StoreFileSize | null {
    const store = this.#store as Partial<FileBacked>;
    try {
      return store.fileSize?.() ?? null;
    } catch {
      return null;
    }
  }

  /** Stops publishing and listening. */
  stop(): void {
    clearInterval(this.#timer);
    this.#unsubscribe();
  }

  #onChange(change: KeyChange): void {
    if (!change.key.startsWith(SESSION_PREFIX)) return;
    const gone =
      change.op === 'del' ||
      change.op === 'expired' ||
      change.op === 'evicted' ||
      (change.op === 'pexpire' && change.pttl === -2);
    if (gone) {
      this.#endedDuringSeed?.add(change.key);
      if (this.#live.delete(change.key)) this.#destroyed++;
    } else if (change.op === 'set' && !this.#live.has(change.key)) {
      this.#live.add(change.key);
      this.#created++;
    }
  }
}
