import type { CookieSession } from '../hooks/use-cookie-session.ts';
import type { TokenSession } from '../hooks/use-token-session.ts';

/** Where the choice to hide the two panels is remembered. */
export const PANELS_HIDDEN_KEY = 'sessionlab:panels-hidden';

/** Whether the learner hid the two panels last time (a page without storage shows them). */
export function panelsHiddenAtStart(): boolean {
  try {
    return globalThis.localStorage?.getItem(PANELS_HIDDEN_KEY) === 'true';
  } catch {
    return false;
  }
}

/** Remembers the choice (storage may be denied: the page still knows for its life). */
export function rememberPanelsHidden(hidden: boolean): void {
  try {
    globalThis.localStorage?.setItem(PANELS_HIDDEN_KEY, String(hidden));
  } catch {
    // Nothing to do.
  }
}

function cookieWords(session: CookieSession): string {
  const { state } = session;
  if (state.status === 'signed-in') return `signed in as ${state.me.user.username}`;
  if (state.status === 'mfa-pending') return `waiting for ${state.me.user.username}'s second factor`;
  if (state.status === 'signed-out') return 'signed out';
  return 'asking the server…';
}

function tokenWords(session: TokenSession): string {
  if (!session.held) return 'no token held';
  return session.held.access ? 'a token in localStorage' : 'a token in an HttpOnly cookie';
}

/**
 * What stands in for the two panels while they are hidden (to give a lab and the inspector the height): one line that
 * says where each half stands, and the button that shows them again.
 */
export function PanelsStrip({
  cookie,
  token,
  onShow,
}: {
  cookie: CookieSession;
  token: TokenSession;
  onShow: () => void;
}) {
  return (
    <div className="panels-strip" data-testid="panels-strip">
      <span>
        <strong>Cookie session:</strong> {cookieWords(cookie)}
      </span>
      <span>
        <strong>Token:</strong> {tokenWords(token)}
      </span>
      <button type="button" className="small" onClick={onShow} aria-expanded="false" data-testid="panels-toggle">
        Show the two panels ▾
      </button>
    </div>
  );
}
