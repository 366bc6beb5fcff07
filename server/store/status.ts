import type { z } from 'zod';
import type { expiryEventsSchema, storeKindSchema } from '../../shared/api/health.ts';

/** `redis` or `sqlite`. */
export type StoreKind = z.infer<typeof storeKindSchema>;
/** Where expiry events come from. */
export type ExpiryEvents = z.infer<typeof expiryEventsSchema>;
