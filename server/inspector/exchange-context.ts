import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoreTime } from './store-time.ts';
import type { KeyEvent } from '../../shared/inspector-events.ts';
import type { KeyRead } from '../../shared/store-events.ts';

/**
 * A recorded exchange while it runs: its id, the tally of its time in the store, and what the inspector holds for
 * its http event (the reads it made, the key events it caused). Made by the recorder, filled by the inspector, and
 * `open` until the exchange's http event is sent: a read or write that outlives it is not the exchange's any more.
 */
export interface ExchangeCause {
  exchange: number;
  storeTime?: StoreTime;
  open: boolean;
  /** The reads it made (the first few: see `readsDropped`). */
  reads?: KeyRead[];
  readsDropped?: number;
  /** Key events it caused, sent after its http event. */
  effects?: KeyEvent[];
}

/**
 * What caused a store write: the HTTP exchange that made it, or the inspector's own action (a key's Delete or Expire),
 * a command the learner typed in the console, a load run's request, or the copy of the sessions from another store at
 * start-up.
 */
export type WriteCause = ExchangeCause | 'inspector' | 'console' | 'load' | 'migration';

/**
 * Carries the cause of whatever a request does across its awaits, so a store change announced while
 * the request runs can be attributed to it. Writes outside any request (expiry, eviction) have none.
 */
export const writeCause = new AsyncLocalStorage<WriteCause>();
