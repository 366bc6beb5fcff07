import type { Session, WebContents } from 'electron';
import { LAB_PAGES_PREFIX } from '../shared/api/lab-attacks.ts';
import { contentSecurityPolicy } from '../shared/content-security-policy.ts';
import { isDocumentationLink } from '../shared/doc-links.ts';

/** The one permission the window gets: writing text to the clipboard (the Copy buttons), from the app's own origin. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** True when `url` is on the app's server (same scheme, host and port). */
export function isAppUrl(url: string, origin: string | null): boolean {
  if (origin === null) return false;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/** Opens a URL in the OS browser (`shell.openExternal`). */
export type OpenExternal = (url: string) => Promise<void>;

/**
 * Guards one webContents: no navigation or redirect away from the app's origin, no `<webview>`, and no new
 * windows; an allowlisted https documentation link opens in the OS browser instead.
 */
export function guardWebContents(
  contents: WebContents,
  appOrigin: () => string | null,
  openExternal: OpenExternal,
): void {
  const stayOnApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, appOrigin())) event.preventDefault();
  };
  contents.on('will-navigate', stayOnApp);
  contents.on('will-redirect', stayOnApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isDocumentationLink(url)) void openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
}

/**
 * Locks down a session: every permission is refused except {@link GRANTED_PERMISSIONS} for the app's own
 * origin, and the app's responses (but the lab pages, which set their own) carry the page policy with `connect-src` the loopback server's exact origin
 * (instead of the server's `'self'`).
 */
export function guardSession(session: Session, appOrigin: () => string | null): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(GRANTED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl, appOrigin()));
  });
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) =>
      GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingOrigin, appOrigin()),
  );
  session.webRequest.onHeadersReceived((details, callback) => {
    const origin = appOrigin();
    // A lab page (the deliberately vulnerable XSS page, the CSRF frame) keeps the server's policy for it:
    // the window's strict one would stop the very attack the lab shows. Every other page of the app gets it.
    if (
      origin === null ||
      !isAppUrl(details.url, origin) ||
      new URL(details.url).pathname.startsWith(LAB_PAGES_PREFIX)
    ) {
      callback({});
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [contentSecurityPolicy(origin)] } });
  });
}
