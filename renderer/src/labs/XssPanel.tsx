import { useSyncExternalStore } from 'react';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { lootResponseSchema, type LootReport } from '../../../shared/api/lab-attacks.ts';
import { useInspector } from '../inspector/inspector-context.ts';
import { sessionCookieName } from '../api/session-cookie-name.ts';
import { exchanges } from './evidence.ts';
import type { LabContext } from './lab-types.ts';
import { injectedScript, LAB_FRAME_HOST_ID } from './xss-attack-view.ts';

/** The loot of the latest answer of GET /lab/evil-origin/loot this run saw (null before one). */
function latestLoot(context: LabContext): { exchange: number; loot: LootReport[] | null } | null {
  const answers = exchanges(context.evidence(), { method: 'GET', path: API_PATHS.labEvilOriginLoot, status: 200 });
  const answer = answers.at(-1);
  if (!answer) return null;
  try {
    return { exchange: answer.id, loot: lootResponseSchema.parse(JSON.parse(answer.responseBody ?? '')).loot };
  } catch {
    // The log keeps 2 KiB of a body: a long answer is cut, and is not "nothing".
    return { exchange: answer.id, loot: null };
  }
}

/**
 * Lab 5's attack, in view: the vulnerable page as the browser shows it (the lab's frame opens here), the source of the
 * script the evil origin served into it, and what that script sent home.
 */
export function XssPanel({ context }: { context: LabContext }) {
  useInspector();
  const script = useSyncExternalStore(injectedScript.subscribe, injectedScript.get);
  const loot = latestLoot(context);
  const cookieName = sessionCookieName();
  return (
    <section className="lab-workbench xss-panel" aria-label="The attack, in view" data-testid="xss-panel">
      <h4>The vulnerable page (the lab 5 site, another origin)</h4>
      {/* The lab's frame is put in here (lab-frame.ts); empty, the box says so. */}
      <div id={LAB_FRAME_HOST_ID} className="lab-frame-host" />
      <h4>The attacker’s script</h4>
      {script ? (
        <>
          <p className="muted">
            Served by the evil origin at <code>{script.url}</code>; the page’s unescaped <code>?name=</code> let it in,
            so it runs with the page’s origin and reads that origin’s localStorage:
          </p>
          <pre className="value attack-script" tabIndex={0} data-testid="xss-script">
            {script.source}
          </pre>
        </>
      ) : (
        <p className="muted">Shown when the injection step asks the evil origin for it.</p>
      )}
      <h4>What the evil origin received</h4>
      {loot === null ? (
        <p className="muted">Nothing asked yet: the last step asks it.</p>
      ) : loot.loot === null ? (
        <p className="muted">
          Too long to show here: the log keeps 2 KiB of an answer (exchange #{loot.exchange} in the HTTP log).
        </p>
      ) : loot.loot.length === 0 ? (
        <p className="muted">Nothing (exchange #{loot.exchange}).</p>
      ) : (
        <table className="loot" data-testid="xss-loot">
          <thead>
            <tr>
              <th scope="col">Token (shortened)</th>
              <th scope="col">document.cookie, as the script saw it</th>
              <th scope="col">Its replay</th>
            </tr>
          </thead>
          <tbody>
            {loot.loot.map((report) => (
              <tr key={report.at}>
                <td>
                  <code>{report.token || '(none)'}</code>
                </td>
                <td>
                  {report.cookie ? <code>{report.cookie}</code> : <span className="muted">(empty)</span>}
                  {!report.cookie.includes(`${cookieName}=`) && (
                    <span className="muted"> no {cookieName}: HttpOnly hid it</span>
                  )}
                </td>
                <td>HTTP {report.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
