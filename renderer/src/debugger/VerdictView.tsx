import type { TokenInspectionView } from '../../../shared/api/tokens.ts';
import type { CheckOutcome } from './use-server-check.ts';
import { ACCEPTED_EXPLANATION, explainRefusal } from './verdict-explanation.ts';

function SignatureLine({ signature }: { signature: TokenInspectionView['signature'] }) {
  const how =
    signature.checkedWith !== null
      ? `, checked with ${signature.checkedWith}.`
      : ': the server has no key to check it with (alg none, an unknown kid, or a kid whose key is of another algorithm).';
  return (
    <p>
      Signature:{' '}
      <strong className={`jwt-sig-${signature.verdict}`} data-testid="jwt-signature-verdict">
        {signature.verdict}
      </strong>
      {how}
    </p>
  );
}

/** What `POST /api/v1/jwt/inspect` said: the verdict, why in one sentence, the signature check, and every reason. */
export function VerdictView({ outcome }: { outcome: CheckOutcome<TokenInspectionView> }) {
  if (outcome.status === 'pending') return <p className="jwt-hint">Asking the server…</p>;
  if (outcome.status === 'error') {
    return (
      <p className="jwt-error" role="alert">
        The inspection failed: <code>{outcome.error.code}</code> {outcome.error.message}
      </p>
    );
  }
  const { verdict, signature, reasons, header } = outcome.value;
  return (
    <div
      className={`jwt-verdict ${verdict.accepted ? 'jwt-verdict-accepted' : 'jwt-verdict-refused'}`}
      data-testid="jwt-verdict"
    >
      <h3 className="jwt-subheading">The server&apos;s verdict</h3>
      {verdict.accepted ? (
        <p className="jwt-verdict-line">
          <strong>Accepted</strong>
        </p>
      ) : (
        <p className="jwt-verdict-line">
          <strong>Refused</strong> <code data-testid="jwt-verdict-code">{verdict.code}</code> {verdict.message}
        </p>
      )}
      <p className="jwt-why" data-testid="jwt-verdict-why">
        {verdict.accepted
          ? ACCEPTED_EXPLANATION
          : explainRefusal({ code: verdict.code, message: verdict.message, claimedAlg: header?.alg })}
      </p>
      <SignatureLine signature={signature} />
      <h4 className="jwt-subheading">Every reason it would be refused</h4>
      {reasons.length === 0 ? (
        <p className="jwt-hint">None.</p>
      ) : (
        <ul className="jwt-reasons" data-testid="jwt-reasons">
          {reasons.map((reason, index) => (
            <li key={index}>
              <code>{reason.code}</code> {reason.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
