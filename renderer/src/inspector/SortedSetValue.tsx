import { KEY_PREFIXES } from '../../../shared/key-names.ts';
import { scoredMemberLines } from './scored-members.ts';
import './sorted-set-value.css';

/**
 * A sorted set's members, lowest score first, as a table of member and score, each score that is a time also as local
 * and relative time; on a user's session index, the columns say what they hold and a sentence what the order means.
 */
export function SortedSetValue({ keyName, lines, now }: { keyName: string; lines: readonly string[]; now: number }) {
  const members = scoredMemberLines(lines, now);
  const index = keyName.startsWith(KEY_PREFIXES.userSessions);
  const timed = members.some((line) => line.when !== null);
  return (
    <>
      <h4>Value</h4>
      {index && (
        <p className="muted" data-testid="zset-words">
          This user&apos;s session ids, each scored by its login time (ms since 1970), oldest first: the order in which
          the session limit ends them.
        </p>
      )}
      <div className="value zset-members" tabIndex={0} data-testid="key-value">
        <table>
          <thead>
            <tr>
              <th scope="col">{index ? 'Session id' : 'Member'}</th>
              <th scope="col">{index ? 'Score (ms)' : 'Score'}</th>
              {timed && <th scope="col">{index ? 'Logged in' : 'As a time'}</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((line, i) => (
              <tr key={`${i}-${line.member}`} data-testid="zset-member">
                <td className="zset-member">
                  <code>{line.member}</code>
                </td>
                <td className="zset-score">
                  <code>{line.score}</code>
                </td>
                {timed && <td className="zset-when">{line.when ?? ''}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
