import type { Context, Middleware } from 'koa';
import type { KeyStore } from '../store/types.ts';
import { writeCause } from './exchange-context.ts';
import { exchangeRecorder, type ExchangeTally, type HttpInstance } from './exchange-recorder.ts';
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
  /** Key events of exchanges still running, sent after their http event. */
  readonly #pending = new Map<number, KeyEvent[]>();
  readonly #exchanges: HttpEvent[] = [];
  readonly #now: () => number;
  readonly #unsubscribe: (() => void)[];
  #nextExchange = 1;

  constructor(store: KeyStore, hub: EventHub, now: () => number) {
    this.#hub = hub;
    this.#now = now;
    this.#unsubscribe = [
      store.onChange((change) => this.#onChange(change)),
      store.onStatus((status) => hub.publish('store', status)),
    ];
  }

  /**
   * The middleware that records exchanges; `skip` tells the inspector's own routes, `tally` counts requests a plug-in
   * wants counted instead. Another instance of the app handed this inspector records into it with its `instance`
   * tag: the exchange ids are one sequence across both.
   */
  recorder(skip: (ctx: Context) => boolean, tally?: ExchangeTally, instance?: HttpInstance): Middleware {
    return exchangeRecorder({
      skip,
      ...(tally ? { tally } : {}),
      ...(instance ? { instance } : {}),
      nextId: () => this.#nextExchange++,
      now: this.#now,
      onStart: (id) => this.#pending.set(id, []),
      onExchange: (event, id) => {
        const caused = this.#pending.get(id) ?? [];
        this.#pending.delete(id);
        try {
          const announced: HttpEvent = { ...event, effects: caused.length };
          this.#exchanges.push(announced);
          if (this.#exchanges.length > KEPT_EXCHANGES) this.#exchanges.shift();
          this.#hub.publish('http', announced);
        } finally {
          for (const change of caused) this.#hub.publish('key', change);
        }
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
    // A key the store removed itself was removed by its TTL (or memory), whoever happened to notice it.
    if (change.op === 'expired' || change.op === 'evicted') {
      this.#hub.publish('key', { ...change, cause: 'expiry' } satisfies KeyEvent);
      return;
    }
    const cause = writeCause.getStore();
    const pending = typeof cause === 'object' ? this.#pending.get(cause.exchange) : undefined;
    if (typeof cause === 'object' && pending) pending.push({ ...change, cause: cause.exchange });
    // The inspector's own actions, or a write that outlived the exchange that started it: sent at once.
    else
      this.#hub.publish('key', {
        ...change,
        cause: typeof cause === 'object' ? cause.exchange : cause === 'load' ? 'load' : 'inspector',
      } satisfies KeyEvent);
  }
}
