import type Router from '@koa/router';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { EvilOrigin } from '../lab/evil-origin.ts';
import { CSRF_FRAME_PATH, XSS_PAGE_PATH } from '../../shared/api/lab-attacks.ts';
import { createRouter } from './router.ts';

/** The longest `name` the vulnerable page reflects. */
const NAME_LIMIT = 2_048;

/** Headers of a lab page: the app's other headers stay; only the policy and framing are this page's own. */
function labPageHeaders(policy: string[]): Record<string, string> {
  return { 'Content-Security-Policy': policy.join('; '), 'X-Frame-Options': 'SAMEORIGIN', 'Cache-Control': 'no-store' };
}

/**
 * The labs' pages on the app's own origin. `GET /lab/xss?name=` is **deliberately vulnerable** (lab 5): it
 * puts `name` into its HTML unescaped, and its own CSP (this page only) lets scripts load from the evil
 * origin when that runs. `GET /lab/csrf-frame?site=same-site|cross-site` (lab 6) frames the evil origin's
 * forged form. Both may be framed by the app itself (`frame-ancestors 'self'`), never by anyone else.
 */
export function labPageRoutes(evilOrigin: EvilOrigin): Router {
  const router = createRouter();

  router.get(XSS_PAGE_PATH, (ctx) => {
    const name = typeof ctx.query.name === 'string' ? ctx.query.name : 'learner';
    if (name.length > NAME_LIMIT) throw new ValidationError(`name may have at most ${NAME_LIMIT} characters`);
    const evil = evilOrigin.urls?.url;
    ctx.set(
      labPageHeaders([
        "default-src 'none'",
        `script-src ${evil ?? "'none'"}`,
        "connect-src 'self'",
        `img-src ${evil ?? "'none'"}`,
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
      ]),
    );
    ctx.type = 'html';
    // The flaw this lab teaches: `name` goes into the page as HTML. Never do this outside a lab.
    ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Deliberately vulnerable lab page</title></head>
<body><p><strong>Deliberately vulnerable lab page</strong> (Session Lab, lab 5): it puts <code>?name=</code> into the page without escaping.</p>
<p>Hello, ${name}!</p>
</body></html>`;
  });

  router.get(CSRF_FRAME_PATH, (ctx) => {
    const site = ctx.query.site;
    if (site !== 'same-site' && site !== 'cross-site') throw new ValidationError('site must be same-site or cross-site');
    const urls = evilOrigin.urls;
    if (!urls) throw new NotFoundError('The evil origin is not running: start it first (POST /api/v1/lab/evil-origin)');
    const from = site === 'same-site' ? urls.sameSiteUrl : urls.url;
    // The forged form navigates its frame to this server's target: frame-src checks that navigation too.
    ctx.set(labPageHeaders(["default-src 'none'", `frame-src ${urls.url} ${urls.sameSiteUrl} 'self'`, "base-uri 'none'", "form-action 'none'", "frame-ancestors 'self'"]));
    ctx.type = 'html';
    ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lab 6: a page of the evil origin</title></head>
<body><p>Lab 6 frames a page of the evil origin (${from}, ${site === 'same-site' ? 'the same site: SameSite ignores ports' : 'another site'}):</p>
<iframe src="${from}/forged-form" title="The evil origin's forged form"></iframe>
</body></html>`;
  });

  return router;
}
