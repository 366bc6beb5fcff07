import { rememberMeLifetime } from '../api/session-cookie-name.ts';
import { ReadMore } from '../components/DocLink.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type { CookieSession } from '../hooks/use-cookie-session.ts';
import { HttpOnlyNote } from './HttpOnlyNote.tsx';
import { LoginForm } from './LoginForm.tsx';
import { CodeForm, MfaSetup } from './MfaSetup.tsx';
import { MySessions } from './MySessions.tsx';
import { SessionMe } from './SessionMe.tsx';
import { signedOutWords } from './signed-out-words.ts';
import { WhatTheBrowserSends } from './WhatTheBrowserSends.tsx';
import { useFollowedSession } from '../hooks/use-own-session-key.ts';
import type { MeResponse } from '../../../shared/api/session.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';

const isSessionExchange = (exchange: HttpEvent) => /^\/api\/v1\/(session|mfa)\//i.test(exchange.path);

/** The stateful half: a cookie that names a session kept in the store. */
export function CookieSessionPanel({ session }: { session: CookieSession }) {
  const { state, error, mfaSetup } = session;
  return (
    <section className="panel" aria-labelledby="cookie-title" data-testid="cookie-panel" data-state={state.status}>
      <header className="panel-header">
        <h2 id="cookie-title">Cookie session</h2>
        <span className="muted">stateful: the server keeps the session</span>
      </header>
      <ErrorNote error={error} testId="cookie-error" />
      {state.status === 'loading' && <p className="muted">Asking the server…</p>}
      {state.status === 'signed-out' && (
        <>
          {state.reason && (
            <p className="muted" data-testid="cookie-signed-out-reason">
              Signed out: {signedOutWords(state.reason)} <code>{state.reason}</code>
            </p>
          )}
          {session.endedInStore && (
            <p className="store-ended-note" data-testid="cookie-ended-in-store">
              Signed out by the store: {session.endedInStore}. The browser still sends the cookie with the old id; the
              server finds no session under it, so it answers 401.
            </p>
          )}
          <LoginForm
            half="cookie"
            rememberFor={rememberMeLifetime()}
            onLogin={({ username, password, remember }) => session.login(username, password, remember)}
          />
        </>
      )}
      {state.status === 'mfa-pending' && (
        <div className="mfa-pending">
          <p>
            Password accepted for <strong>{state.me.user.username}</strong>. The session exists but waits for the second
            factor.
          </p>
          <CodeForm
            label="Code from your authenticator app"
            submitLabel="Verify"
            onCode={session.verifyMfa}
            testId="mfa-login-form"
          />
          <button type="button" className="link" onClick={() => void session.logout()}>
            Cancel and log out
          </button>
        </div>
      )}
      {state.status === 'signed-in' && (
        <>
          <FollowedSession me={state.me} session={session} />
          <div className="actions">
            <button type="button" onClick={() => void session.reload()}>
              GET /session/me
            </button>
            {!state.me.user.mfaEnabled && !mfaSetup && (
              <button type="button" onClick={() => void session.startMfaSetup()}>
                Set up MFA
              </button>
            )}
            <button type="button" className="danger" onClick={() => void session.logout()} data-testid="cookie-logout">
              Log out
            </button>
          </div>
          {mfaSetup && <MfaSetup setup={mfaSetup} onVerify={session.verifyMfa} onCancel={session.cancelMfaSetup} />}
          <MySessions onRevoke={session.revoke} onRevokeOthers={session.revokeOthers} />
        </>
      )}
      <WhatTheBrowserSends half="cookie" header="cookie" belongs={isSessionExchange} />
      <HttpOnlyNote />
      <ReadMore
        links={[
          { name: 'setCookie', label: 'Set-Cookie and HttpOnly (MDN)' },
          { name: 'sessionCheatSheet', label: 'Session management (OWASP)' },
          { name: 'cookieRfc', label: 'RFC 6265' },
        ]}
      />
    </section>
  );
}

/**
 * `me`, kept in step with the store: the idle expiry follows the session key's TTL as the inspector sees it change
 * (each renewal moves it), and once the key is gone (expired, deleted, evicted) the panel asks the server again,
 * which signs it out. Asking again only then: a /session/me on every renewal would renew the session itself.
 */
function FollowedSession({ me, session }: { me: MeResponse; session: CookieSession }) {
  const { ownKey, idleExpiresAt } = useFollowedSession(me, session);
  return <SessionMe me={me} ownKey={ownKey} idleExpiresAt={idleExpiresAt} />;
}
