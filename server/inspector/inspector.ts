import type { Context, Middleware } from 'koa';
import type { KeyStore } from '../store/types.ts';
import { writeCause } from './exchange-context.ts';
import { exchangeRecorder, type ExchangeTally, type HttpInstance } from './exchange-recorder.ts';
import type { EventHub } from './event-hub.ts';
import { ExchangeLog } from './exchange-log.ts';
import type { ConsoleReadEvent, HttpEvent, KeyEvent } from '../../shared/inspector-events.ts';
import type { KeyChange, KeyRead } from '../../shared/store-events.ts';

/** Reads kept per exchange (a request that reads more, a bulk revocation, says how many it left out). */
const READS_PER_EXCHANGE = 100;

/** The exchanges kept for the HAR export: the learner's own, and apart from them those other pages sent. */
const KEPT_EXCHANGES = 500;
const KEPT_FROM_OTHER_PAGES = 100;

/**
 * Watches, never drives: subscribes to the store's change and status feeds and to the exchange
 * recorder, and publishes `key`, `http` and `store` events. The key events an exchange caused are
 * held until the exchange ends, so the stream reads as cause, then effects.
 */
export class Inspector {
  readonly #hub: EventHub;
  /**
   * The last {@link KEPT_EXCHANGES} of the learner's exchanges and the last {@link KEPT_FROM_OTHER_PAGES} other pages
   * sent, as their JSON: no page on the internet can push the learner's out.
   */
  readonly #exchanges = new ExchangeLog({ own: KEPT_EXCHANGES, fromOtherPages: KEPT_FROM_OTHER_PAGES });
  readonly #now: () => number;
  readonly #unsubscribe: (() => void)[];
  #nextExchange = 1;

  constructor(store: KeyStore, hub: EventHub, now: () => number) {
    this.#hub = hub;
    this.#now = now;
    this.#unsubscribe = [
      store.onChange((change) => this.#onChange(change)),
      store.onRead((read) => this.#onRead(read)),
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
      onExchange: (event, cause) => {
        cause.open = false;
        const caused = cause.effects ?? [];
        try {
          // The recorder built this event for us alone: completed in place rather than copied.
          const announced: HttpEvent = event;
          announced.reads = cause.reads ?? [];
          if (cause.readsDropped) announced.readsDropped = cause.readsDropped;
          announced.effects = caused.length;
          const json = JSON.stringify(announced);
          this.#exchanges.add(json, announced.from !== undefined);
          this.#hub.publishJson('http', json);
        } finally {
          for (const change of caused) this.#hub.publish('key', change);
        }
      },
    });
  }

  /** The kept exchanges of both kinds, oldest first (for the HAR export, read back from their JSON). */
  exchanges(): readonly HttpEvent[] {
    return this.#exchanges.ordered().map((json) => JSON.parse(json) as HttpEvent);
  }

  /**
   * Watches a store of another instance's own (lab 9's B in memory): its reads join the exchange that made them, and
   * its changes are announced tagged `store: 'b'` (never taken for the app's keys). Returns the way to stop watching.
   */
  observeOwnStore(store: KeyStore): () => void {
    const stop = [store.onChange((change) => this.#onChange(change, 'b')), store.onRead((read) => this.#onRead(read))];
    return () => {
      for (const unsubscribe of stop) unsubscribe();
    };
  }

  /** Stops listening to the store. */
  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }

  /**
   * A read counts when an exchange made it, or when the learner typed it in the console (sent at once, as its own
   * `read` event): the inspector's own reads and the background's are not the app's.
   */
  #onRead(read: KeyRead): void {
    const cause = writeCause.getStore();
    if (cause === 'console') {
      this.#hub.publish('read', {
        key: read.key,
        command: read.command,
        at: read.at,
        cause,
      } satisfies ConsoleReadEvent);
      return;
    }
    if (typeof cause !== 'object' || !cause.open) return;
    const reads = (cause.reads ??= []);
    if (reads.length < READS_PER_EXCHANGE) reads.push({ key: read.key, command: read.command, at: read.at });
    else cause.readsDropped = (cause.readsDropped ?? 0) + 1;
  }

  #onChange(storeChange: KeyChange, store?: 'b'): void {
    const change: KeyChange & Pick<KeyEvent, 'store'> = store ? { ...storeChange, store } : storeChange;
    // A key the store removed itself was removed by its TTL (or memory), whoever happened to notice it.
    if (change.op === 'expired' || change.op === 'evicted') {
      this.#hub.publish('key', { ...change, cause: 'expiry' } satisfies KeyEvent);
      return;
    }
    const cause = writeCause.getStore();
    // The sessions copied from another store at start-up: kept for every window that connects afterwards.
    if (cause === 'migration') {
      this.#hub.publish('key', { ...change, cause } satisfies KeyEvent, { forNewClients: true });
      return;
    }
    if (typeof cause === 'object' && cause.open) (cause.effects ??= []).push({ ...change, cause: cause.exchange });
    // The inspector's own actions, or a write that outlived the exchange that started it: sent at once.
    else
      this.#hub.publish('key', {
        ...change,
        cause:
          typeof cause === 'object' ? cause.exchange : cause === 'load' || cause === 'console' ? cause : 'inspector',
      } satisfies KeyEvent);
  }
}
