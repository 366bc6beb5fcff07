import type { ReactNode } from 'react';
import { DocLink, type DocLinkName } from '../components/DocLink.tsx';
import { useInspector } from '../inspector/inspector-context.ts';
import { comparisonFigures, type ComparisonFigures } from './comparison-figures.ts';
import { holdsSessionCookie } from '../labs/attack-evidence.ts';

/** "once", "twice", "3 times". */
function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}
import { ACCESS_TOKEN_STORAGE_KEY } from '../../../shared/storage-keys.ts';

/** One row: the seeds' claim for each side, and what this lab measured. */
interface Row {
  aspect: string;
  session: string;
  token: string;
  live: (figures: ComparisonFigures) => { session: ReactNode; token: ReactNode };
  /** Where the claim is explained at length. */
  source?: { name: DocLinkName; label: string };
}

const none = <span className="muted">not seen yet</span>;
const ms = (value: number | null) => (value === null ? none : `${value} ms on the server`);
const bytes = (value: number | null) => (value === null ? none : `${value} bytes per request`);

function revocationText(revocation: ComparisonFigures['lastCookieRevocation'], emptyText: string): ReactNode {
  if (!revocation) return none;
  return revocation.commands.length === 0
    ? emptyText
    : revocation.commands.map((command) => <code key={command}>{command}</code>);
}

const ROWS: Row[] = [
  {
    aspect: 'State',
    session: 'Stateful: the server keeps every session.',
    token: 'Stateless: the token carries its claims; the server keeps none (until you want to revoke one).',
    live: (f) => ({
      session: `${f.sessionKeys} session keys in the store`,
      token: `${f.tokenKeys} token keys (refresh tokens, denylist)`,
    }),
  },
  {
    aspect: 'Scalability',
    session: 'Every server needs the shared store (Redis) on every request.',
    token: 'Any server with the key can verify it, with no store round trip.',
    live: (f) => ({
      session:
        f.sessionCheckReads === null
          ? none
          : `the last session check read the store ${times(f.sessionCheckReads.length)} (${f.sessionCheckReads.join(', ')})${f.storeP99Ms === null ? '' : `; store call p99 ${f.storeP99Ms} ms`}`,
      token:
        f.tokenCheckReads === null
          ? none
          : f.tokenCheckReads.length === 0
            ? 'the last token check read the store 0 times: the signature alone'
            : `the last token check read the store ${times(f.tokenCheckReads.length)}: the denylist (${f.tokenCheckReads.join(', ')})`,
    }),
  },
  {
    aspect: 'Revocation',
    session: 'Easy: delete the session key.',
    token: 'Hard: valid until exp, unless a denylist is checked on every request.',
    live: (f) => ({
      session: revocationText(f.lastCookieRevocation, 'no key deleted'),
      token: revocationText(f.lastTokenRevocation, 'no key written: the token stays valid until exp'),
    }),
    source: { name: 'jwtCheatSheet', label: 'OWASP JWT cheat sheet' },
  },
  {
    aspect: 'Payload size',
    session: 'Small: an id and its signature.',
    token: 'Larger: claims and a signature, on every request.',
    live: (f) => ({ session: bytes(f.cookieBytes), token: bytes(f.tokenBytes) }),
  },
  {
    aspect: 'Client support',
    session: 'Browsers send cookies by themselves; other clients must keep a cookie jar.',
    token: 'Any client that can set a header: mobile, browser, server to server.',
    live: () => ({
      session: 'sent by the browser, without the page',
      token: 'sent by the page’s own code (Authorization header)',
    }),
  },
  {
    aspect: 'Storage',
    session: 'Server side (the store); the browser holds only the id, in an HttpOnly cookie.',
    token: 'Client side: localStorage here (or a cookie).',
    live: () => ({
      session: `document.cookie shows ${holdsSessionCookie(document.cookie) ? 'the session cookie' : 'no session cookie'}`,
      token: `${localStorage.getItem(ACCESS_TOKEN_STORAGE_KEY) ? 'the token is readable in localStorage' : 'no token in localStorage'}`,
    }),
    source: { name: 'setCookie', label: 'MDN: Set-Cookie' },
  },
  {
    aspect: 'Validation',
    session: 'The server looks the session up in the store.',
    token: 'The server verifies the signature and the claims (the client only decodes; it cannot validate).',
    live: (f) => ({ session: ms(f.sessionCheckMs), token: ms(f.tokenCheckMs) }),
  },
  {
    aspect: 'Security',
    session:
      'Server-controlled; HttpOnly keeps it from scripts; needs CSRF defences because the browser sends it by itself.',
    token: 'In localStorage any script on the page (XSS) can read it; not sent automatically, so no CSRF.',
    live: () => ({ session: 'HttpOnly + SameSite=Lax + CSRF token', token: 'readable by every script on this page' }),
    source: { name: 'jwtAttacks', label: 'PortSwigger: JWT attacks' },
  },
];

/** The seeds' sessions-vs-JWT table, each cell next to what this lab measured. */
export function ComparisonTable() {
  const figures = comparisonFigures(useInspector());
  return (
    <div className="comparison scroll" tabIndex={0} role="region" aria-label="Sessions vs JWT">
      <table data-testid="comparison-table">
        <caption>Cookie session vs JWT: the usual claims, and what this lab measured just now</caption>
        <thead>
          <tr>
            <th scope="col">Aspect</th>
            <th scope="col">Cookie session</th>
            <th scope="col">JWT</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => {
            const live = row.live(figures);
            return (
              <tr key={row.aspect} data-testid={`comparison-${row.aspect.toLowerCase().replace(' ', '-')}`}>
                <th scope="row">
                  {row.aspect}
                  {row.source && (
                    <span className="doc-source">
                      <DocLink name={row.source.name}>{row.source.label}</DocLink>
                    </span>
                  )}
                </th>
                <td>
                  {row.session}
                  <div className="live">{live.session}</div>
                </td>
                <td>
                  {row.token}
                  <div className="live">{live.token}</div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
