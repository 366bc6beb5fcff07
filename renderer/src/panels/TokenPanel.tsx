import { ReadMore } from '../components/DocLink.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type { TokenSession } from '../hooks/use-token-session.ts';
import { LoginForm } from './LoginForm.tsx';
import { ProtectedData } from './ProtectedData.tsx';
import { StoredToken } from './StoredToken.tsx';
import { TokenInStore } from './TokenInStore.tsx';
import { TokenSwitches } from './TokenSwitches.tsx';
import { WhatTheBrowserSends } from './WhatTheBrowserSends.tsx';
import type { HttpEvent } from '../../../shared/inspector-events.ts';

const isTokenExchange = (exchange: HttpEvent) => /^\/api\/v1\/token\/(data|logout)/i.test(exchange.path);

/** The stateless half: a signed JWT the page keeps in localStorage and sends as a Bearer header. */
export function TokenPanel({ session, labKey }: { session: TokenSession; labKey: string | null }) {
  const { held, error, data, needsTotp, signedOutBy } = session;
  return (
    <section
      className="panel"
      aria-labelledby="token-title"
      data-testid="token-panel"
      data-state={held ? 'signed-in' : 'signed-out'}
    >
      <header className="panel-header">
        <h2 id="token-title">localStorage token (JWT)</h2>
        <span className="muted">stateless: the token carries its claims</span>
      </header>
      <ErrorNote error={error} testId="token-error" />
      {!held ? (
        <>
          {signedOutBy && (
            <p className="muted" data-testid="token-signed-out-reason">
              The server refused the token (<code>{signedOutBy}</code>): the page dropped it.
            </p>
          )}
          <LoginForm
            half="token"
            needsTotp={needsTotp}
            onLogin={({ username, password, totp }) => session.login(username, password, totp)}
          />
        </>
      ) : (
        <>
          <StoredToken held={held} />
          <TokenInStore held={held} labKey={labKey} />
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => void session.fetchData()}
              data-testid="token-fetch"
            >
              GET /token/data
            </button>
            <button type="button" onClick={() => void session.refresh()} data-testid="token-refresh">
              Refresh
            </button>
            <button type="button" className="danger" onClick={() => void session.logout()} data-testid="token-logout">
              Log out
            </button>
          </div>
          {data && <ProtectedData data={data} />}
        </>
      )}
      <WhatTheBrowserSends
        half="token"
        header={held?.access === null ? 'cookie' : 'authorization'}
        belongs={isTokenExchange}
      />
      <TokenSwitches labKey={labKey} />
      <ReadMore
        links={[
          { name: 'jwtRfc', label: 'RFC 7519 (JWT)' },
          { name: 'jwtCheatSheet', label: 'JWT cheat sheet (OWASP)' },
          { name: 'jwtAttacks', label: 'JWT attacks (PortSwigger)' },
        ]}
      />
    </section>
  );
}
