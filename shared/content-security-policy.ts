/**
 * The page's Content-Security-Policy: its own origin only (scripts and workers), no inline script, no framing. `connectSrc` is where
 * fetch and EventSource may go: `'self'` from the server, the loopback server's exact origin in the desktop window.
 */
export function contentSecurityPolicy(connectSrc: string): string {
  return [
    "default-src 'self'",
    `connect-src ${connectSrc}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    // The JWT labs' wordlist cracker runs in a Web Worker the bundle serves from the page's own origin.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
