import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { NotFoundError, ValidationError } from '../../errors.ts';
import type { EvilOrigin } from '../evil-origin.ts';
import type { XssSite } from '../xss-site.ts';
import { CSRF_FRAME_PATH, XSS_FRAME_PATH, XSS_PAGE_PATH, XSS_SITE_MESSAGE } from '../../../shared/api/lab-attacks.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { ACCESS_TOKEN_STORAGE_KEY } from '../../../shared/storage-keys.ts';
import { createRouter } from '../../routes/router.ts';

/** The longest `name` the vulnerable page reflects. */
const NAME_LIMIT = 2_048;

/** Headers of a lab page: the app's other headers stay; only the policy and framing are this page's own. */
function labPageHeaders(policy: string[]): Record<string, string> {
  return { 'Content-Security-Policy': policy.join('; '), 'X-Frame-Options': 'SAMEORIGIN', 'Cache-Control': 'no-store' };
}

/** `&`, `<`, `>`, `"` and `'` as HTML entities: for the pages that must not reflect anything as markup. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The `name` a lab page was asked to show (bounded). */
function nameOf(ctx: Context): string {
  const name = typeof ctx.query.name === 'string' ? ctx.query.name : 'learner';
  if (name.length > NAME_LIMIT) throw new ValidationError(`name may have at most ${NAME_LIMIT} characters`);
  return name;
}

/**
 * The lab 5 site's page's own code (a trusted script, by nonce): asked by the app's window, it logs in for a token
 * on its own origin and keeps it in its own localStorage, as the token panel does on the app's origin, or logs
 * that token out (the lab's reset).
 */
function siteScript(appOrigins: string[]): string {
  return `(() => {
  const app = ${JSON.stringify(appOrigins)};
  const key = ${JSON.stringify(ACCESS_TOKEN_STORAGE_KEY)};
  addEventListener('message', async (event) => {
    const ask = event.data;
    if (!app.includes(event.origin) || !ask || ask.type !== ${JSON.stringify(XSS_SITE_MESSAGE)}) return;
    let status = 0;
    try {
      if (ask.action === 'login') {
        const answer = await fetch(${JSON.stringify(API_PATHS.tokenLogin)}, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: String(ask.username), password: String(ask.password) }) });
        status = answer.status;
        const body = await answer.json();
        if (answer.ok && typeof body.access_token === 'string') localStorage.setItem(key, body.access_token);
      } else if (ask.action === 'logout') {
        const token = localStorage.getItem(key);
        localStorage.removeItem(key);
        if (token) status = (await fetch(${JSON.stringify(API_PATHS.tokenLogout)}, { method: 'POST', headers: { Authorization: 'Bearer ' + token } })).status;
      } else return;
    } catch {}
    event.source.postMessage({ type: ${JSON.stringify(XSS_SITE_MESSAGE)}, action: ask.action, status, stored: localStorage.getItem(key) !== null }, event.origin);
  });
})();`;
}

/**
 * The labs' pages. `GET /lab/xss?name=` is **deliberately vulnerable** (lab 5): it puts `name` into its HTML
 * unescaped. It is served only on the lab 5 site (its own loopback port, started with the lab key), never on the
 * app's origin, so a script injected into it runs with that origin's storage, not the window's (where the lab key
 * lives). Its own CSP lets scripts load from the evil origin when that runs, besides the page's own code (by nonce).
 * `GET /lab/xss-frame?name=` (the app's origin) frames it in a sandbox, passing `name` on escaped: the app's
 * policy lets the window frame only its own origin. `GET /lab/csrf-frame?site=same-site|cross-site` (lab 6)
 * frames the evil origin's forged form. The app's pages may be framed by the app itself, never by anyone else.
 */
export function labPageRoutes(evilOrigin: EvilOrigin, xssSite: XssSite): Router {
  const router = createRouter();

  router.get(XSS_PAGE_PATH, (ctx) => {
    const sitePort = xssSite.port;
    const appPort = xssSite.appPort;
    if (sitePort === null || appPort === null || ctx.req.socket.localPort !== sitePort) {
      throw new NotFoundError(
        `The vulnerable page is served on the lab 5 site only (start it: POST ${API_PATHS.labXssSite})`,
      );
    }
    const name = nameOf(ctx);
    const evil = evilOrigin.urls?.url;
    const nonce = randomBytes(16).toString('base64');
    const appOrigins = [`http://127.0.0.1:${appPort}`, `http://localhost:${appPort}`];
    ctx.set(
      labPageHeaders([
        "default-src 'none'",
        `script-src 'nonce-${nonce}'${evil ? ` ${evil}` : ''}`,
        "connect-src 'self'",
        `img-src ${evil ?? "'none'"}`,
        "base-uri 'none'",
        "form-action 'none'",
        // Framed by the app's window (another origin), which holds no more than this frame page of its own.
        `frame-ancestors ${appOrigins.join(' ')}`,
      ]),
    );
    // frame-ancestors says who may frame it; X-Frame-Options cannot name another origin.
    ctx.remove('X-Frame-Options');
    ctx.type = 'html';
    // The flaw this lab teaches: \`name\` goes into the page as HTML. Never do this outside a lab.
    ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Deliberately vulnerable lab page</title></head>
<body><p><strong>Deliberately vulnerable lab page</strong> (Session Lab, lab 5, on its own origin): it puts <code>?name=</code> into the page without escaping, and keeps a token in its localStorage.</p>
<p>Hello, ${name}!</p>
<script nonce="${nonce}">${siteScript(appOrigins)}</script>
</body></html>`;
  });

  router.get(XSS_FRAME_PATH, (ctx) => {
    const name = nameOf(ctx);
    const port = xssSite.port;
    if (port === null)
      throw new NotFoundError(`The lab 5 site is not running: start it first (POST ${API_PATHS.labXssSite})`);
    // The window's own host name (127.0.0.1 or localhost), so the site is the same site as the window.
    const host = ctx.hostname === 'localhost' ? 'localhost' : '127.0.0.1';
    const src = `http://${host}:${port}${XSS_PAGE_PATH}?name=${encodeURIComponent(name)}`;
    ctx.set(
      labPageHeaders([
        "default-src 'none'",
        `frame-src http://127.0.0.1:${port} http://localhost:${port}`,
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
      ]),
    );
    ctx.type = 'html';
    // A sandbox (scripts and its own origin's storage, nothing else: no top navigation, popups or forms); its origin
    // is the site's, never this window's, so nothing it runs reads the window's storage.
    ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lab 5: the vulnerable page, on its own origin</title></head>
<body><p>Lab 5 frames the deliberately vulnerable page of the lab 5 site (${escapeHtml(`http://${host}:${port}`)}), another origin:</p>
<iframe src="${escapeHtml(src)}" sandbox="allow-scripts allow-same-origin" title="The deliberately vulnerable page" width="100%" height="200"></iframe>
</body></html>`;
  });

  router.get(CSRF_FRAME_PATH, (ctx) => {
    const site = ctx.query.site;
    if (site !== 'same-site' && site !== 'cross-site')
      throw new ValidationError('site must be same-site or cross-site');
    const urls = evilOrigin.urls;
    if (!urls) throw new NotFoundError('The evil origin is not running: start it first (POST /api/v1/lab/evil-origin)');
    const from = site === 'same-site' ? urls.sameSiteUrl : urls.url;
    // The forged form navigates its frame to this server's target: frame-src checks that navigation too.
    ctx.set(
      labPageHeaders([
        "default-src 'none'",
        `frame-src ${urls.url} ${urls.sameSiteUrl} 'self'`,
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
      ]),
    );
    ctx.type = 'html';
    ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lab 6: a page of the evil origin</title></head>
<body><p>Lab 6 frames a page of the evil origin (${from}, ${site === 'same-site' ? 'the same site: SameSite ignores ports' : 'another site'}):</p>
<iframe src="${from}/forged-form" title="The evil origin's forged form"></iframe>
</body></html>`;
  });

  return router;
}
