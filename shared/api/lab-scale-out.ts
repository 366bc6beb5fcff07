import { z } from 'zod';

/** Lab 9's second instance's store: the first instance's (`shared`) or an empty one of its own in memory (`memory`). */
export const instanceStoreSchema = z.enum(['shared', 'memory']);

/** `PUT /api/v1/lab/second-instance`: start (or restart) instance B on this store. */
export const secondInstanceRequestSchema = z.strictObject({ store: instanceStoreSchema });

/** What instance B is doing (the answer of `GET`, `PUT` and `DELETE /api/v1/lab/second-instance`). */
export const secondInstanceStatusSchema = z.object({
  running: z.boolean(),
  /** `http://127.0.0.1:<port>` while it runs. */
  url: z.string().nullable(),
  port: z.number().int().nullable(),
  store: instanceStoreSchema.nullable(),
  /** The backend its store is: the shared one's kind, or `sqlite` for the in-memory one. */
  backend: z.enum(['redis', 'sqlite']).nullable(),
  startedAt: z.number().nullable(),
});

/** Which store instance B runs on. */
export type InstanceStore = z.infer<typeof instanceStoreSchema>;
/** Instance B's state. */
export type SecondInstanceStatus = z.infer<typeof secondInstanceStatusSchema>;
