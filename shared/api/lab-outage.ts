import { z } from 'zod';

/** `POST /api/v1/lab/store-outage`: take the store away for `ms` (Redis only). */
export const storeOutageRequestSchema = z.object({ ms: z.number().int().min(1_000).max(60_000) }).strict();

/** The answer: when the outage ends (server clock, ms). */
export const storeOutageResponseSchema = z.object({ until: z.number() });
