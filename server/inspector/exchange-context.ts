import { AsyncLocalStorage } from 'node:async_hooks';

/** What caused a store write: the id of the HTTP exchange that made it, or the inspector's own action. */
export type WriteCause = { exchange: number } | 'inspector' | 'load';

/**
 * Carries the cause of whatever a request does across its awaits, so a store change announced while
 * the request runs can be attributed to it. Writes outside any request (expiry, eviction) have none.
 */
export const writeCause = new AsyncLocalStorage<WriteCause>();
