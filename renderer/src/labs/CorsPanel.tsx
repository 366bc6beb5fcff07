import { useSyncExternalStore } from 'react';
import type { CorsAttempt, CorsMode, CorsReport } from '../../../shared/api/lab-cors.ts';
import { corsView } from './cors-attack-view.ts';
import type { LabContext } from './lab-types.ts';
import { LAB_FRAME_HOST_ID } from './xss-attack-view.ts';

const WHO: Record<CorsReport['site'], string> = { partner: 'Partner', attacker: 'Attacker' };
const POLICY: Record<CorsMode, string> = {
  'same-origin': 'default: same origin only',
  allowlist: 'allowlist: the partner',
  reflect: 'reflect any Origin (dangerous)',
};

/** One attempt: what the page could read, in words, then what it read or the error it got instead. */
function Attempt({ attempt }: { attempt: CorsAttempt }) {
  if (!attempt.read)
    return (
      <>
        <strong>Blocked</strong>: the browser kept the answer from the page.{' '}
        <code className="muted">{attempt.error}</code>
      </>
    );
  return (
    <>
      <strong>Read</strong> (HTTP {attempt.status}): <code className="cors-read">{attempt.body}</code>
    </>
  );
}

/** The account a page read, in words (what the attacker stole), or null when it read none. */
function stolenAccount(report: CorsReport): string | null {
  const read = [report.simple, report.preflighted].find((attempt) => attempt.read && attempt.body);
  try {
    const { user, account } = JSON.parse(read?.body ?? '') as {
      user?: { username?: string; email?: string; role?: string };
      account?: { number?: string; balance?: number };
    };
    if (!user?.username) return null;
    return `${user.username} (${user.email ?? 'no email'}, role ${user.role ?? '?'}), account ${account?.number ?? '?'}, balance ${account?.balance ?? '?'}`;
  } catch {
    return null;
  }
}

/**
 * Lab 14's attack, in view: the page of the other origin as the browser shows it (the lab's frame opens here), what
 * each page could read of alice's account under which policy (the attacker's report is the loot), and the script.
 */
export function CorsPanel(_: { context: LabContext }) {
  const { script, runs } = useSyncExternalStore(corsView.subscribe, corsView.get);
  const loot = runs
    .filter((run) => run.report.site === 'attacker')
    .map((run) => stolenAccount(run.report))
    .filter((stolen) => stolen !== null)
    .at(-1);
  return (
    <section
      className="lab-workbench cors-panel"
      aria-label="The pages of other origins, in view"
      data-testid="cors-panel"
    >
      <h4>The page of the other origin</h4>
      <div id={LAB_FRAME_HOST_ID} className="lab-frame-host cors-frame-host" />
      {loot && (
        <p className="cors-loot" role="status" data-testid="cors-loot">
          <strong>Stolen: the attacker’s page read {loot}</strong> and sent it to the attacker’s server. Any site alice
          visits could do the same while this server reflects every Origin with credentials.
        </p>
      )}
      <h4>What the pages could read</h4>
      {runs.length === 0 ? (
        <p className="muted">Nothing yet: each page reports home what it could read when a step runs it.</p>
      ) : (
        <table className="loot" data-testid="cors-reports">
          <thead>
            <tr>
              <th scope="col">Page, under the policy</th>
              <th scope="col">Simple GET</th>
              <th scope="col">GET with a custom header (preflighted)</th>
            </tr>
          </thead>
          <tbody>
            {runs.map(({ report, mode }) => (
              <tr key={`${report.at}-${report.site}`}>
                <td>
                  {WHO[report.site]} <span className="muted">{report.origin}</span>
                  <br />
                  <span className={mode === 'reflect' ? 'cors-danger' : 'muted'}>{POLICY[mode]}</span>
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
