import type { Middleware } from 'koa';
import { isApiPath } from '../../shared/api/paths.ts';
import { contentSecurityPolicy } from '../../shared/content-security-policy.ts';

/** The page may load and talk to this origin only (the Electron window sets the same policy, with its exact origin). */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy("'self'");

const DOCUMENT_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The headers of every API answer. An API answer is never rendered as a page, so it needs no page policy, only: never
 * sniff it, never frame it, never cache it (OWASP's REST headers). Fewer bytes on the hottest path.
 */
export const API_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

/** Security headers: the full page policy on the renderer's files, the short REST set on the API. */
export function securityHeaders(): Middleware {
  // Not async: on every request, a promise of its own would be work for nothing.
  return (ctx, next) => {
    ctx.set(isApiPath(ctx.path) ? API_HEADERS : DOCUMENT_HEADERS);
    return next();
  };
}
