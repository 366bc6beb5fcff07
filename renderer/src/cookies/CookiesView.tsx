import { useEffect, useState } from 'react';
import { useInspector } from '../inspector/inspector-context.ts';
import { KEPT_EXCHANGES } from '../inspector/inspector-model.ts';
import { useSelectedExchange } from '../inspector/selection.ts';
import { exchangeOrigin } from '../../../shared/exchange-origin.ts';
import { cookieJar, documentCookies, scriptView, type CookieRow } from './cookie-jar.ts';
import { expiryWords, scriptViewWords, shortValue } from './cookie-words.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import './cookies.css';

/**
 * The exchanges whose Set-Cookie reached this browser's jar: sent to this page's host, whatever its port (cookies belong
 * to a host, RFC 6265, 8.5), by this browser (its User-Agent: the labs' server-side tools and other clients are in the
 * same log, and their cookies are not this browser's).
 */
function toThisBrowser(exchange: HttpEvent): boolean {
  if (exchange.requestHeaders['user-agent'] !== navigator.userAgent) return false;
  try {
    return new URL(exchangeOrigin(exchange, window.location.origin)).hostname === window.location.hostname;
  } catch {
    return false;
  }
}

/** `document.cookie` now, read again every second (a script's view changes without any event). */
function useDocumentCookie(version: number): string {
  const [text, setText] = useState(() => document.cookie);
  useEffect(() => setText(document.cookie), [version]);
  useEffect(() => {
    const timer = setInterval(() => setText(document.cookie), 1_000);
    return () => clearInterval(timer);
  }, []);
  return text;
}

function Flag({ on, name }: { on: boolean; name: string }) {
  return (
    <td className={on ? 'cookie-flag-on' : 'muted'} aria-label={on ? name : `not ${name}`}>
      {on ? '✓ yes' : 'no'}
    </td>
  );
}

function ExpiryCell({ row, now }: { row: CookieRow; now: number }) {
  const words = expiryWords(row, now);
  return (
    <>
      <span className={row.gone ? 'cookie-gone-word' : undefined}>{words.now}</span>
      {words.said && <span className="muted cookie-note">{words.said}</span>}
    </>
  );
}

function Row({
  row,
  now,
  seen,
  onOpenExchange,
}: {
  row: CookieRow;
  now: number;
  seen: string;
  onOpenExchange: (id: number) => void;
}) {
  return (
    <tr
      className={row.gone ? 'cookie-gone' : undefined}
      data-testid="cookie-row"
      data-name={row.name}
      data-gone={row.gone ?? ''}
    >
      <th scope="row">
        <span className="cookie-struck">{row.name}</span>
        {row.gone && <span className="cookie-gone-word"> ({row.gone})</span>}
        {row.signs && (
          <span className="muted cookie-note">
            signature of {row.signs}: the server’s HMAC of it, so an edited id is refused
          </span>
        )}
      </th>
      <td>
        <span className="cookie-value" tabIndex={0} data-testid="cookie-value">
          <span aria-hidden="true">{row.value === '' ? '""' : shortValue(row.value)}</span>
          <span className="cookie-value-full">{row.value === '' ? '(empty)' : row.value}</span>
        </span>
      </td>
      <td>{row.storedPath}</td>
      <td>
        <ExpiryCell row={row} now={now} />
      </td>
      <td>{row.size}</td>
      <Flag on={row.httpOnly} name="HttpOnly" />
      <Flag on={row.secure} name="Secure" />
      <td>{row.sameSite ?? <span className="muted">not set (Lax)</span>}</td>
      <td>
        {new Date(row.setAt).toLocaleTimeString()}{' '}
        <button
          type="button"
          className="link"
          onClick={() => onOpenExchange(row.setBy.id)}
          aria-label={`Open exchange #${row.setBy.id}, ${row.setBy.method} ${row.setBy.path}, in the Inspector`}
        >
          #{row.setBy.id} {row.setBy.method} {row.setBy.path}
        </button>
      </td>
      <td className={seen.startsWith('yes') ? undefined : 'cookie-unseen'} data-testid="cookie-script-view">
        {seen}
      </td>
    </tr>
  );
}

/**
 * Every cookie this host set, as DevTools' cookie table shows it, built from the Set-Cookie headers of the exchanges
 * the inspector observed; beside it, what `document.cookie` shows a script on this page. A row's exchange opens in the
 * Inspector (`onShowInspector` brings its tab).
 */
export function CookiesView({ onShowInspector }: { onShowInspector: () => void }) {
  const { exchanges, version } = useInspector();
  const [, selectExchange] = useSelectedExchange();
  const onOpenExchange = (id: number) => {
    selectExchange(id);
    onShowInspector();
  };
  const text = useDocumentCookie(version);
  const now = Date.now();
  const rows = cookieJar(exchanges.filter(toThisBrowser), now);
  const visible = documentCookies(text);
  const pagePath = window.location.pathname;
  return (
    <div className="cookies-view" data-testid="cookies-view">
      <section className="cookies-table" aria-labelledby="cookies-title">
        <h3 id="cookies-title">Cookies this site set ({window.location.host})</h3>
        <p className="muted">
          As this browser stored them, from the <code>Set-Cookie</code> headers of the responses it got (the HTTP log
          keeps them whole; its last {KEPT_EXCHANGES} exchanges). The last one of a name and path wins; a deleted cookie
          is struck through. Cookies belong to a host, not a port.
        </p>
        {rows.length === 0 ? (
          <p data-testid="cookies-none">
            No cookie yet: log in on the cookie session panel and its cookie appears here.
          </p>
        ) : (
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Value</th>
                  <th scope="col">Path</th>
                  <th scope="col">Expires / Max-Age</th>
                  <th scope="col">Size</th>
                  <th scope="col">HttpOnly</th>
                  <th scope="col">Secure</th>
                  <th scope="col">SameSite</th>
                  <th scope="col">Set at, by</th>
                  <th scope="col">Seen by scripts?</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <Row
                    key={`${row.name};${row.domain ?? ''};${row.storedPath}`}
                    row={row}
                    now={now}
                    seen={scriptViewWords(scriptView(row, visible, pagePath), row)}
                    onOpenExchange={onOpenExchange}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="cookies-script" aria-labelledby="cookies-script-title">
        <h3 id="cookies-script-title">
          What a script sees: <code>document.cookie</code>
        </h3>
        <pre className="value" data-testid="cookies-document-cookie">
          {text === '' ? '""' : text}
        </pre>
        {visible.length > 0 && (
          <ul>
            {visible.map((pair) => (
              <li key={pair.name}>
                <code>{pair.name}</code>
              </li>
            ))}
          </ul>
        )}
        <p className="muted">
          An HttpOnly cookie is sent with every request to this server but is never in <code>document.cookie</code>: a
          script injected into the page cannot read it (it can still make requests while the page is open).
        </p>
      </section>
    </div>
  );
}
