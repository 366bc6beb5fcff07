import { useId } from 'react';
import { useNow } from '../hooks/use-now.ts';
import { meaningRows } from './key-meaning.ts';
import './key-meaning.css';

/** What a key means to the app, as a table a learner reads (dates as clock time, ago or ahead), the raw JSON folded. */
export function KeyMeaning({ decoded }: { decoded: Record<string, unknown> }) {
  const now = useNow(1_000);
  const headingId = useId();
  const rows = meaningRows(decoded, now);
  return (
    <>
      <h4 id={headingId}>What it means</h4>
      <table className="meaning-table" aria-labelledby={headingId} data-testid="key-meaning">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">What it is</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field} data-field={row.field}>
              <th scope="row">
                {row.label}
                {row.stored && (
                  <>
                    {' '}
                    <code className="meaning-stored" title="where it is in the stored record">
                      {row.stored}
                    </code>
                  </>
                )}
              </th>
              <td className="meaning-value">{row.value}</td>
              <td className="muted">{row.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="meaning-raw">
        <summary>The same as JSON, as the server decoded it</summary>
        <pre className="value decoded" tabIndex={0} data-testid="key-meaning-json">
          {JSON.stringify(decoded, null, 2)}
        </pre>
      </details>
    </>
  );
}
