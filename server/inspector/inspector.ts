import type { Context, Middleware } from 'koa';
import type { KeyStore } from '../store/types.ts';
import { writeCause } from './exchange-context.ts';
import { exchangeRecorder } from './exchange-recorder.ts';
import type { EventHub } from './event-hub.ts';
import type { HttpEvent, KeyEvent } from '../../shared/inspector-events.ts';
import type { KeyChange } from '../../shared/store-events.ts';

/** The exchanges kept for the HAR export. */
const KEPT_EXCHANGES = 500;

/**
 * Watches, never drives: subscribes to the store's change and status feeds and to the exchange
 * recorder, and publishes `key`, `http` and `store` events. The key events an exchange caused are
 * held until the exchange ends, so the stream reads as cause, then effects.
 */
export class Inspector {
  readonly #hub: EventHub;
  readonly #pending = new Map<number, KeyEvent[]>();
  readonly #exchanges: HttpEvent[] = [];
  readonly #now: () => number;
  readonly #unsubscribe: (() => void)[];

  constructor(store: KeyStore, hub: EventHub, now: () => number) {
    this.#hub = hub;
    this.#now = now;
    this.#unsubscribe = [
      store.onChange((change) => this.#onChange(change)),
      store.onStatus((status) => hub.publish('store', status)),
    ];
  }

  /** The middleware that records exchanges; `skip` tells the inspector's own routes. */
  recorder(skip: (ctx: Context) => boolean): Middleware {
    return exchangeRecorder({
      skip,
      now: this.#now,
      onExchange: (event, id) => {
        this.#exchanges.push(event);
        if (this.#exchanges.length > KEPT_EXCHANGES) this.#exchanges.shift();
        this.#hub.publish('http', event);
        for (const change of this.#pending.get(id) ?? []) this.#hub.publish('key', change);
        this.#pending.delete(id);
      },
    });
  }

  /** The recorded exchanges, oldest first (for the HAR export). */
  exchanges(): readonly HttpEvent[] {
    return this.#exchanges;
  }

  /** Stops listening to the store. */
  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }

  #onChange(change: KeyChange): void {
    const cause = writeCause.getStore();
    if (cause === 'inspector' || cause === undefined) {
      const isRemoval = change.op === 'expired' || change.op === 'evicted';
      this.#hub.publish('key', { ...change, cause: cause === undefined && isRemoval ? 'expiry' : 'inspector' } satisfies KeyEvent);
      return;
    }
    const list = this.#pending.get(cause.exchange) ?? [];
    list.push({ ...change, cause: cause.exchange });
    this.#pending.set(cause.exchange, list);
  }
}
