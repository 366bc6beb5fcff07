import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoreTime } from './store-time.ts';

/**
 * What caused a store write: the id of the HTTP exchange that made it (with the tally of its time in the store), or
 * the inspector's own action, a load run's request, or the copy of the sessions from another store at start-up.
 */
export type WriteCause = { exchange: number; storeTime?: StoreTime } | 'inspector' | 'load' | 'migration';

/**
 * Carries the cause of whatever a request does across its awaits, so a store change announced while
 * the request runs can be attributed to it. Writes outside any request (expiry, eviction) have none.
 */
export const writeCause = new AsyncLocalStorage<WriteCause>();
