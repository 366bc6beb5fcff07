import type { TokenResponse, TokenSettingsBody } from '../../../shared/api/tokens.ts';

// How the server hands out access tokens (the `delivery` switch): in the answer's body, kept in localStorage, or in
// an HttpOnly cookie. The page learns it from every token answer and every settings answer. While it is `body`, the
// token half's calls go without cookies (`credentials: 'omit'`): only the token speaks, and the session cookie stays
// home. With `cookie` delivery (or before the page knows), the browser must send and store the token's cookie.
let known: TokenSettingsBody['delivery'] | null = null;

/** Takes the delivery from a token or settings answer and hands the answer on. */
export function learnDelivery<T extends Pick<TokenResponse, 'delivery'>>(answer: T): T {
  known = answer.delivery;
  return answer;
}

/** Whether the token half's calls may leave the browser's cookies at home. */
export function tokenCallsOmitCookies(): boolean {
  return known === 'body';
}
