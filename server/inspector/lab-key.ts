import { timingSafeEqual } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { LabKeyRequiredError } from '../errors.ts';
import { LAB_KEY_HEADER, LAB_KEY_PARAM } from '../../shared/lab-key.ts';

export { LAB_KEY_HEADER } from '../../shared/lab-key.ts';

/**
 * The inspector shows session ids and tokens: only the window this launch opened may read it. It
 * proves that with the per-launch random key in the header. `queryAllowed` names the one kind of request that may
 * bring it as `?labKey=` instead: the event stream, which EventSource opens without headers. Anywhere else a key in
 * the query is refused, so a leaked URL (a log, a history entry, a Referer) can never delete keys or export the HAR.
 */
export function requireLabKey(
  labKey: string,
  { queryAllowed = () => false }: { queryAllowed?: (ctx: Context) => boolean } = {},
): Middleware {
  const holds = labKeyCheck(labKey);
  return async (ctx, next) => {
    if (!holds(ctx, { query: queryAllowed(ctx) }))
      throw new LabKeyRequiredError(`The inspector needs this launch's lab key in ${LAB_KEY_HEADER}`);
    await next();
  };
}

/**
 * Whether a request carries the lab key: in the header (which another site cannot send without a
 * CORS preflight this server never grants) or, with `query`, in `?labKey=` (EventSource only).
 */
export function labKeyCheck(labKey: string): (ctx: Context, where?: { query: boolean }) => boolean {
  if (labKey.length < 16) throw new Error('The lab key must have at least 16 characters');
  const expected = Buffer.from(labKey);
  return (ctx, where = { query: false }) => {
    const given = Buffer.from(ctx.get(LAB_KEY_HEADER) || (where.query ? String(ctx.query[LAB_KEY_PARAM] ?? '') : ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}
