import { useCallback, useEffect, useState } from 'react';
import { type ApiError, api } from '../api/client.ts';
import { broadcast, useBroadcast } from './use-broadcast.ts';
import type { MfaSetupResponse } from '../../../shared/api/mfa.ts';
import type { MeResponse } from '../../../shared/api/session.ts';

/** Where the cookie half stands. */
export type CookieState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason: string | null }
  | { status: 'mfa-pending'; me: MeResponse }
  | { status: 'signed-in'; me: MeResponse };

/** Codes that mean "no session": anything else (an outage, a stale token cookie) is not a logout. */
const SIGNED_OUT_CODES = new Set([
  'NOT_AUTHENTICATED',
  'SESSION_EXPIRED',
  'SESSION_COOKIE_INVALID',
  'SESSION_FINGERPRINT_MISMATCH',
  'SESSION_UNREADABLE',
  'SESSION_KEY_UNKNOWN',
]);

/** The page's own event that has the cookie panel ask the server again (BroadcastChannel reaches only other pages). */
const ASK_AGAIN_EVENT = 'session-lab:cookie-ask-again';

/** Has this page's cookie panel ask the server again (GET /session/me): after a change it made to the store itself. */
export function askCookieAgain(): void {
  globalThis.dispatchEvent?.(new Event(ASK_AGAIN_EVENT));
}

/** The cookie session: the browser holds the HttpOnly cookie, the page only the CSRF token from `me`. */
export function useCookieSession() {
  const [state, setState] = useState<CookieState>({ status: 'loading' });
  const [error, setError] = useState<ApiError | null>(null);
  const [mfaSetup, setMfaSetup] = useState<MfaSetupResponse | null>(null);
  /** How the store ended the session the panel showed (its key deleted, expired, evicted), until the next session. */
  const [endedInStore, setEndedInStore] = useState<string | null>(null);

  const show = useCallback((me: MeResponse) => {
    setEndedInStore(null);
    setState(me.session.state === 'mfa_pending' ? { status: 'mfa-pending', me } : { status: 'signed-in', me });
  }, []);

  /** Asks the server again (GET /session/me); resolves to its answer, or null when it says there is no session. */
  const ask = useCallback(async (): Promise<MeResponse | null> => {
    try {
      const me = await api.session.me();
      show(me);
      setError(null);
      return me;
    } catch (caught) {
      const failure = caught as ApiError;
      // A login half done in an earlier page load cannot be finished here (its CSRF token came with the login
      // answer): the form is shown, and logging in again replaces that session.
      if (SIGNED_OUT_CODES.has(failure.code) || failure.code === 'MFA_PENDING')
        setState({ status: 'signed-out', reason: failure.code === 'NOT_AUTHENTICATED' ? null : failure.code });
      else setError(failure);
      return null;
    }
  }, [show]);
  const reload = useCallback(async (): Promise<void> => {
    await ask();
  }, [ask]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useBroadcast('cookie', () => void reload());
  useEffect(() => {
    const again = () => void reload();
    globalThis.addEventListener?.(ASK_AGAIN_EVENT, again);
    return () => globalThis.removeEventListener?.(ASK_AGAIN_EVENT, again);
  }, [reload]);

  const csrf = state.status === 'signed-in' || state.status === 'mfa-pending' ? state.me.session.csrfToken : '';

  /** Runs an action; an answer that says the session is gone returns the panel to its login form. */
  const act = useCallback(
    async <T>(
      action: () => Promise<T>,
      after?: (value: T) => void,
      change?: Parameters<typeof broadcast>[0]['change'],
    ): Promise<void> => {
      try {
        const value = await action();
        setError(null);
        after?.(value);
        if (change) broadcast({ half: 'cookie', change });
      } catch (caught) {
        const failure = caught as ApiError;
        // "Sign in first" to a page that is signed out is its state, not an error: the login form says it.
        setError(failure.code === 'NOT_AUTHENTICATED' ? null : failure);
        if (SIGNED_OUT_CODES.has(failure.code))
          setState({ status: 'signed-out', reason: failure.code === 'NOT_AUTHENTICATED' ? null : failure.code });
      }
    },
    [],
  );

  return {
    state,
    error,
    mfaSetup,
    /** "its key was deleted in the store (from the inspector)": why the store ended the session shown last. */
    endedInStore,
    /** The panel saw its session's key leave the store: says how, until a session shows again. */
    noteEndedInStore: setEndedInStore,
    ask,
    reload,
    login: (username: string, password: string, remember = false) =>
      act(() => api.session.login(username, password, remember), show, 'login'),
    logout: () =>
      act(
        () => api.session.logout({ csrf }),
        () => {
          setMfaSetup(null);
          setEndedInStore(null);
          setState({ status: 'signed-out', reason: null });
        },
        'logout',
      ),
    startMfaSetup: (currentCode?: string) => act(() => api.session.mfaSetup({ csrf }, currentCode), setMfaSetup),
    verifyMfa: (code: string) =>
      act(
        () => api.session.mfaVerify(code, { csrf }),
        (me) => {
          setMfaSetup(null);
          show(me);
        },
        'mfa',
      ),
    cancelMfaSetup: () => setMfaSetup(null),
    revoke: (id: string) =>
      act(
        () => api.session.revoke(id, { csrf }),
        () => void reload(),
        'revoke',
      ),
    revokeOthers: () => act(() => api.session.revokeOthers({ csrf }), undefined, 'revoke'),
  };
}

/** What useCookieSession returns. */
export type CookieSession = ReturnType<typeof useCookieSession>;
