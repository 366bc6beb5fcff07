import type { MeResponse } from '../../../shared/api/session.ts';
import type { CookieSession } from '../hooks/use-cookie-session.ts';
import { useNow } from '../hooks/use-now.ts';
import { useFollowedSession } from '../hooks/use-own-session-key.ts';
import { formatTtl } from '../inspector/key-entry.ts';
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

/** "4 min 12 s" from now until `at`, or "now". */
function until(at: number, now: number): string {
  return formatTtl(Math.max(0, at - now));
}

/** The signed-in cookie session in one line, following the store as the panel does (it is hidden meanwhile). */
function SignedIn({ me, session }: { me: MeResponse; session: CookieSession }) {
  const { idleExpiresAt } = useFollowedSession(me, session);
  const now = useNow(1_000);
  return (
    <>
      signed in as {me.user.username} ·{' '}
      {me.session.remembered
        ? `remembered, ends in ${until(me.session.absoluteExpiresAt, now)}`
        : `idle ends in ${until(idleExpiresAt, now)}`}
    </>
  );
}

function TokenLine({ token }: { token: TokenSession }) {
  const now = useNow(1_000);
  if (!token.held) return <>no token held</>;
  const where = token.held.access ? 'a token in localStorage' : 'a token in an HttpOnly cookie';
  const exp = token.held.expiresAt;
  return (
    <>
      {where}
      {exp ? ` · exp ${exp <= now ? 'passed: expired' : `in ${until(exp, now)}`}` : ''}
    </>
  );
}

function cookieWords(session: CookieSession): string {
  const { state } = session;
  if (state.status === 'signed-in') return `signed in as ${state.me.user.username}`;
  if (state.status === 'mfa-pending') return `waiting for ${state.me.user.username}'s second factor`;
  if (state.status === 'signed-out') return session.endedInStore ? `signed out: ${session.endedInStore}` : 'signed out';
  return 'asking the server…';
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
      <span data-testid="strip-cookie">
        <strong>Cookie session:</strong>{' '}
        {cookie.state.status === 'signed-in' ? <SignedIn me={cookie.state.me} session={cookie} /> : cookieWords(cookie)}
      </span>
      <span data-testid="strip-token">
        <strong>Token:</strong> <TokenLine token={token} />
      </span>
      <button type="button" className="small" onClick={onShow} aria-expanded="false" data-testid="panels-toggle">
        Show the two panels ▾
      </button>
    </div>
  );
}
