import type { Context } from 'koa';
import { ownOrigins } from '../middleware/host-guard.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';

/** The `Sec-Fetch-Site` values a browser sends for a request another page made (a page of this origin sends `same-origin`). */
const OTHER_PAGE_SITES = new Set(['cross-site', 'same-site']);

/**
 * Which other page sent a request, or undefined when no other page did: the browser says so with `Sec-Fetch-Site`
 * (`cross-site`, or `same-site`: another port of the same host), or names another origin in `Origin` than the one
 * the request was sent to. Requests without either (the window's own, the loopback tools', curl's) are nobody else's.
 * Another page's GET passes the Host guard (an `<img>` on any web page can send one), so it is recorded, but apart.
 */
export function otherPageOf(ctx: Context): HttpEvent['from'] {
  const origin = ctx.get('Origin');
  const site = ctx.get('Sec-Fetch-Site').toLowerCase();
  const foreignOrigin = origin !== '' && !ownOrigins(ctx.req.socket.localPort).includes(origin);
  if (!foreignOrigin && !OTHER_PAGE_SITES.has(site)) return undefined;
  // `null` is what a sandboxed frame or a redirect sends: the browser hides the page, and so does the record.
  return { origin: origin === '' || origin === 'null' ? null : origin };
}
