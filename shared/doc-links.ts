/**
 * The documentation the app links to. Inside the desktop app only links under these prefixes open (in the
 * OS browser); every other `window.open` or link with a target is refused.
 */
export const DOC_LINK_PREFIXES = [
  'https://datatracker.ietf.org/doc/',
  'https://www.rfc-editor.org/rfc/',
  'https://developer.mozilla.org/',
  'https://cheatsheetseries.owasp.org/',
  'https://owasp.org/',
  'https://portswigger.net/web-security/',
  'https://redis.io/docs/',
  'https://www.electronjs.org/docs/',
] as const;

/** Named documentation links the window shows next to what they explain. */
export const DOC_LINKS = {
  jwtRfc: 'https://datatracker.ietf.org/doc/html/rfc7519',
  cookieRfc: 'https://datatracker.ietf.org/doc/html/rfc6265',
  sessionCheatSheet: 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html',
  jwtCheatSheet: 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html',
  setCookie: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Set-Cookie',
  redisExpire: 'https://redis.io/docs/latest/commands/expire/',
  jwtAttacks: 'https://portswigger.net/web-security/jwt',
} as const;

/**
 * True for an https URL under one of {@link DOC_LINK_PREFIXES}, with no credentials and no unusual port.
 * The URL is normalised first, so `https://owasp.org.evil.test/` or `https://owasp.org@evil.test/` do not pass.
 */
export function isDocumentationLink(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return false;
  return DOC_LINK_PREFIXES.some((prefix) => url.href.startsWith(prefix));
}
