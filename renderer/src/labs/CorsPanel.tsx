import { useSyncExternalStore } from 'react';
import type { CorsAttempt, CorsReport } from '../../../shared/api/lab-cors.ts';
import { corsView } from './cors-attack-view.ts';
import type { LabContext } from './lab-types.ts';
import { LAB_FRAME_HOST_ID } from './xss-attack-view.ts';

/** One attempt: what the page could read, in words, then what it read or the error it got instead. */
function Attempt({ attempt }: { attempt: CorsAttempt }) {
  if (!attempt.read)
    return (
      <>
        <strong>Blocked</strong>: the browser did not let the page read the answer.{' '}
        <span className="muted">
          <code>{attempt.error}</code>
        </span>
      </>
    );
  return (
    <>
      <strong>Read</strong> (HTTP {attempt.status}): <code className="cors-read">{attempt.body}</code>
    </>
  );
}

const WHO: Record<CorsReport['site'], string> = { partner: 'Partner', attacker: 'Attacker' };

/**
 * Lab 14's attack, in view: the page of the other origin as the browser shows it (the lab's frame opens here), what
 * each page could read of alice's account (the attacker's page's report is the loot) and the script both pages run.
 */
export function CorsPanel(_: { context: LabContext }) {
  const { script, reports } = useSyncExternalStore(corsView.subscribe, corsView.get);
  const stolen = reports.filter(
    (report) => report.site === 'attacker' && (report.simple.read || report.preflighted.read),
  );
  return (
    <section
      className="lab-workbench cors-panel"
      aria-label="The pages of other origins, in view"
      data-testid="cors-panel"
    >
      <h4>The page of the other origin</h4>
      <div id={LAB_FRAME_HOST_ID} className="lab-frame-host cors-frame-host" />
      <h4>What the pages could read</h4>
      {reports.length === 0 ? (
        <p className="muted">Nothing yet: each page reports home what it could read when a step runs it.</p>
      ) : (
        <table className="loot" data-testid="cors-reports">
          <thead>
            <tr>
              <th scope="col">Page (origin)</th>
              <th scope="col">Simple GET</th>
              <th scope="col">GET with a custom header (preflighted)</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((report) => (
              <tr key={`${report.at}-${report.site}`}>
                <td>
                  {WHO[report.site]} <span className="muted">{report.origin}</span>
                </td>
                <td>
                  <Attempt attempt={report.simple} />
                </td>
                <td>
                  <Attempt attempt={report.preflighted} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {stolen.length > 0 && (
        <p className="cors-loot" role="status" data-testid="cors-loot">
          <strong>The attacker’s server received alice’s account</strong>: its page read the answer and sent it home.
          Any site alice visits could do the same while the server reflects every Origin with credentials.
        </p>
      )}
      <h4>The script both pages run</h4>
      {script ? (
        <pre className="value attack-script" tabIndex={0} data-testid="cors-script">
          {script}
        </pre>
      ) : (
        <p className="muted">Shown when a step opens a page.</p>
      )}
    </section>
  );
}
