import { KEY_PREFIXES } from '../../../shared/key-names.ts';
import { scoredMemberLines } from './scored-members.ts';

/**
 * A sorted set's members, lowest score first, one a line as `member (score)`, each score that is a time also as local
 * and relative time; on a user's session index, a sentence on what the order means.
 */
export function SortedSetValue({ keyName, lines, now }: { keyName: string; lines: readonly string[]; now: number }) {
  const members = scoredMemberLines(keyName, lines, now);
  return (
    <>
      <h4>Value</h4>
      {keyName.startsWith(KEY_PREFIXES.userSessions) && (
        <p className="muted" data-testid="zset-words">
          This user&apos;s session ids, each scored by its login time (ms since 1970), oldest first: the order in which
          the session limit ends them.
        </p>
      )}
      <pre className="value" tabIndex={0} data-testid="key-value">
        {members.map((line, i) => (
          <span key={`${i}-${line.member}`}>
            {i > 0 && '\n'}
            {line.score === '' ? line.member : `${line.member} (${line.score})`}
            {line.when && <span className="muted"> · {line.when}</span>}
          </span>
        ))}
      </pre>
    </>
  );
}
