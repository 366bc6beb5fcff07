import { Countdown } from '../components/Countdown.tsx';
import { useNow } from '../hooks/use-now.ts';
import { whenText } from './claim-words.ts';
import { rememberWords } from './remember-words.ts';

const DAY = 86_400_000;
import type { MeResponse } from '../../../shared/api/session.ts';

/** Who the session says you are, and when it ends (idle and absolute). */
export function SessionMe({
  me,
  ownKey = null,
  idleExpiresAt = me.session.idleExpiresAt,
}: {
  me: MeResponse;
  /** The session's key in the store, once the inspector has seen it: its name is the id the cookie carries. */
  ownKey?: string | null;
  /** When the key's TTL runs out, as last observed in the store (it moves with every renewal). */
  idleExpiresAt?: number;
}) {
  const now = useNow(1_000);
  const kind = rememberWords(me.session.remembered, me.session.absoluteExpiresAt - me.session.createdAt);
  return (
    <dl className="facts" data-testid="cookie-me">
      <dt>User</dt>
      <dd data-testid="cookie-user">
        {me.user.username} <span className="badge">{me.user.role}</span>
      </dd>
      <dt>Session</dt>
      <dd>
        {ownKey ? (
          <span data-testid="cookie-session-key">
            id <code>{ownKey.slice(ownKey.indexOf(':', 3) + 1)}</code>{' '}
            <span className="muted">
              (in the cookie, and in the key name {ownKey.slice(0, ownKey.indexOf(':', 3) + 1)}…)
            </span>
          </span>
        ) : (
          <code title="A hash of the id: the id itself stays in the HttpOnly cookie">
            {me.session.id.slice(0, 16)}…
          </code>
        )}{' '}
        {me.session.state === 'mfa_pending' ? <span className="badge warn">waiting for MFA</span> : null}
      </dd>
      <dt>Cookie</dt>
      <dd data-testid="cookie-kind" data-remembered={String(me.session.remembered)}>
        {kind.plain} <span className="muted">({kind.detail})</span>
      </dd>
      <dt>Idle expiry</dt>
      <dd>
        {me.session.remembered ? (
          <span className="muted">none: a remembered session lasts to its absolute expiry</span>
        ) : (
          <>
            {/* The key goes at the store's next sweep: the panel signs out when it sees it gone, "expired" only then. */}
            <Countdown at={idleExpiresAt} testId="cookie-idle-countdown" atZero="due now" />{' '}
            <span className="muted">(renewed by use)</span>
          </>
        )}
      </dd>
      <dt>Absolute expiry</dt>
      <dd>
        {me.session.absoluteExpiresAt - now > DAY ? (
          // Days away (a remembered session): a date reads better than ten thousand minutes.
          <time dateTime={new Date(me.session.absoluteExpiresAt).toISOString()} data-testid="cookie-absolute-end">
            {whenText(me.session.absoluteExpiresAt / 1_000, now)}
          </time>
        ) : (
          <Countdown at={me.session.absoluteExpiresAt} atZero="due now" />
        )}{' '}
        <span className="muted">(however active)</span>
      </dd>
      <dt>MFA</dt>
      <dd>{me.user.mfaEnabled ? (me.session.mfaVerified ? 'on, verified in this session' : 'on') : 'off'}</dd>
    </dl>
  );
}
