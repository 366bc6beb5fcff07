import { Countdown } from '../components/Countdown.tsx';
import { decodeSegmentJson, splitToken } from '../debugger/jwt-parts.ts';
import { useNow } from '../hooks/use-now.ts';
import { CLAIM_WORDS, whenText } from './claim-words.ts';
import { STORAGE_KEYS, type HeldToken } from '../hooks/use-token-session.ts';

/** The token as localStorage holds it: raw (coloured by part), decoded, and the countdown to its exp. */
export function StoredToken({ held }: { held: HeldToken }) {
  if (!held.access) {
    return (
      <div className="stored-token" data-testid="stored-token">
        <p>
          The access token is in the <strong>HttpOnly</strong> cookie <code>sl_access</code>: this page cannot read it,
          so it is not in localStorage. The page keeps the refresh token and the CSRF token it must send with changes.
        </p>
        <p className="muted">
          Expires in <Countdown at={held.expiresAt} testId="token-countdown" />
        </p>
      </div>
    );
  }
  const parts = splitToken(held.access);
  const header = parts.ok ? decodeSegmentJson(parts.value.header) : null;
  const payload = parts.ok ? decodeSegmentJson(parts.value.payload) : null;
  const exp = payload?.ok && typeof payload.value.exp === 'number' ? payload.value.exp * 1_000 : held.expiresAt;
  return (
    <div className="stored-token" data-testid="stored-token">
      <p className="muted">
        <code>localStorage[&quot;{STORAGE_KEYS.access}&quot;]</code> ({new TextEncoder().encode(held.access).length}{' '}
        bytes), readable by any script on this page:
      </p>
      <p className="jwt-raw" data-testid="token-raw">
        {parts.ok ? (
          <>
            <span className="jwt-header">{parts.value.header}</span>.
            <span className="jwt-payload">{parts.value.payload}</span>.
            <span className="jwt-signature">{parts.value.signature}</span>
          </>
        ) : (
          held.access
        )}
      </p>
      <div className="decoded-pair">
        <div>
          <h4>Header</h4>
          <pre className="value" tabIndex={0}>
            {header?.ok ? JSON.stringify(header.value, null, 2) : header?.error}
          </pre>
        </div>
        <div>
          <h4>Payload</h4>
          <pre className="value" tabIndex={0} data-testid="token-payload">
            {payload?.ok ? JSON.stringify(payload.value, null, 2) : payload?.error}
          </pre>
        </div>
      </div>
      {payload?.ok && header?.ok && <ClaimWords claims={{ ...header.value, ...payload.value }} />}
      <p>
        <ExpiryLead at={exp} /> <Countdown at={exp} testId="token-countdown" />{' '}
        <span className="muted">
          — nothing on the server ends it sooner, unless the denylist is on and you log out.
        </span>
      </p>
    </div>
  );
}

/** "exp in" while the token lives, "exp passed:" once it has (the countdown then says "expired"). */
function ExpiryLead({ at }: { at: number }) {
  const now = useNow();
  return <>{now < at ? 'exp in' : 'exp passed:'}</>;
}

/** What each field of the header and payload means, and the time claims as clock time. */
function ClaimWords({ claims }: { claims: Record<string, unknown> }) {
  const now = useNow(1_000);
  const names = Object.keys(claims).filter((name) => name in CLAIM_WORDS);
  return (
    <details className="claim-words" data-testid="claim-words">
      <summary>What the fields mean</summary>
      <dl>
        {names.map((name) => (
          <div key={name}>
            <dt>
              <code>{name}</code>
            </dt>
            <dd>
              {CLAIM_WORDS[name]}
              {(name === 'iat' || name === 'nbf' || name === 'exp') && typeof claims[name] === 'number' && (
                <>: {whenText(claims[name], now)}</>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
