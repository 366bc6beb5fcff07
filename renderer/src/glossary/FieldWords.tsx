import { useNow } from '../hooks/use-now.ts';
import { whenText } from '../panels/claim-words.ts';
import { CLAIM_GLOSSARY } from './glossary.ts';

const TIME_CLAIMS = new Set(['iat', 'nbf', 'exp']);

/**
 * What each field of a token's header and payload means, from the glossary, folded under "What the fields mean"; the
 * time claims also as clock time, ago or ahead. Fields the glossary does not know are left out.
 */
export function FieldWords({ claims, testId }: { claims: Record<string, unknown>; testId?: string }) {
  const now = useNow(1_000);
  const names = Object.keys(claims).filter((name) => Object.hasOwn(CLAIM_GLOSSARY, name));
  if (names.length === 0) return null;
  return (
    <details className="claim-words" data-testid={testId}>
      <summary>What the fields mean</summary>
      <dl>
        {names.map((name) => {
          const value = claims[name];
          return (
            <div key={name}>
              <dt>
                <code>{name}</code>
              </dt>
              <dd>
                {CLAIM_GLOSSARY[name as keyof typeof CLAIM_GLOSSARY]}
                {TIME_CLAIMS.has(name) && typeof value === 'number' && <>: {whenText(value, now)}</>}
              </dd>
            </div>
          );
        })}
      </dl>
    </details>
  );
}
