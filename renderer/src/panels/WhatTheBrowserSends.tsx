import { useInspector } from '../inspector/inspector-context.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { REPLAY_HEADER } from '../../../shared/api/lab.ts';
import { exchangeOrigin } from '../../../shared/exchange-origin.ts';

function headerText(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join('; ') : value;
}

/**
 * The credential header of the latest exchange of one half, taken from the inspector's exchange log:
 * what really went over the wire, not what the page believes it sent.
 */
export function WhatTheBrowserSends({
  half,
  header,
  belongs,
}: {
  half: 'cookie' | 'token';
  header: 'cookie' | 'authorization';
  belongs: (exchange: HttpEvent) => boolean;
}) {
  const { exchanges, stream } = useInspector();
  // A lab's replay is the server talking to itself, not this browser: it is left out here. So is what a page of
  // another origin sent (lab 5's site, on its own port): this panel shows what this page's own requests carried.
  const latest = exchanges.find(
    (exchange) =>
      belongs(exchange) &&
      exchange.requestHeaders[REPLAY_HEADER] === undefined &&
      exchangeOrigin(exchange, window.location.origin) === window.location.origin,
  );
  const value = latest ? headerText(latest.requestHeaders[header]) : null;
  return (
    <div className="sends" data-testid={`${half}-sends`}>
      <h4>What the browser sent last</h4>
      {stream === 'no-lab-key' ? (
        <p className="muted">The exchange log needs the lab key (open the URL the server printed).</p>
      ) : !latest ? (
        <p className="muted">No request yet.</p>
      ) : (
        <>
          <p className="muted">
            {latest.method} {latest.path} → {latest.status}
          </p>
          <pre className="header-line" data-testid={`${half}-sent-header`}>
            {value === null
              ? `(no ${header === 'cookie' ? 'Cookie' : 'Authorization'} header)`
              : `${header === 'cookie' ? 'Cookie' : 'Authorization'}: ${value}`}
          </pre>
          <p className="muted">
            {value === null
              ? ''
              : `${new TextEncoder().encode(value).length + header.length + 2} bytes on every request`}
          </p>
        </>
      )}
    </div>
  );
}
