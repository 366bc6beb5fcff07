import type { TokenData } from '../../../shared/api/tokens.ts';
import { decodeSegmentJson, splitToken } from './jwt-parts.ts';
import type { CheckOutcome } from './use-server-check.ts';
import { explainRefusal } from './verdict-explanation.ts';

/** The alg the token's header claims, if it decodes. */
function claimedAlg(token: string): unknown {
  const segments = splitToken(token);
  const header = segments.ok ? decodeSegmentJson(segments.value.header) : null;
  return header?.ok ? header.value.alg : undefined;
}

/** What `GET /api/v1/token/data` answered with the token as Bearer: the status, and the subject or the error code. */
export function SendResultView({ outcome }: { outcome: CheckOutcome<TokenData> }) {
  if (outcome.status === 'pending') return <p className="jwt-hint">Sending…</p>;
  if (outcome.status === 'error') {
    const { status, code, message } = outcome.error;
    return (
      <div className="jwt-send jwt-verdict-refused" data-testid="jwt-send-result">
        <h3 className="jwt-subheading">GET /api/v1/token/data answered</h3>
        <p className="jwt-verdict-line">
          <strong>{status === 0 ? 'No answer' : `HTTP ${status}`}</strong>{' '}
          <code data-testid="jwt-send-code">{code}</code> {message}
        </p>
        <p className="jwt-why">{explainRefusal({ code, message, claimedAlg: claimedAlg(outcome.token) })}</p>
      </div>
    );
  }
  return (
    <div className="jwt-send jwt-verdict-accepted" data-testid="jwt-send-result">
      <h3 className="jwt-subheading">GET /api/v1/token/data answered</h3>
      <p className="jwt-verdict-line">
        <strong>HTTP 200</strong>, verified via {outcome.value.via}; the server acts as this subject:
      </p>
      <pre className="jwt-subject" data-testid="jwt-send-subject">
        {JSON.stringify(outcome.value.subject, null, 2)}
      </pre>
    </div>
  );
}
