import { z } from 'zod';

/** `GET /api/v1/inspector/keys?match=&cursor=&count=` (only Session Lab's own `sl:` keys). */
export const keyPageQuerySchema = z.object({
  match: z.string().startsWith('sl:', 'only Session Lab keys (sl:…) can be browsed').max(256).default('sl:*'),
  cursor: z.string().max(1_024).default('0'),
  count: z.coerce.number().int().min(1).max(1_000).default(100),
});

/** `POST /api/v1/inspector/keys/:key/expire {ms}` */
export const expireBodySchema = z.strictObject({ ms: z.number().int().min(-1).max(100 * 365 * 86_400_000) });
