import { useNow } from '../hooks/use-now.ts';
import { useInspector } from '../inspector/inspector-context.ts';
import { formatTtl } from '../inspector/key-entry.ts';
import { StoreCommandLine } from './StoreCommandLine.tsx';
import { isPlumbing } from '../inspector/plumbing.ts';
import { CounterGroup } from '../inspector/CounterGroup.tsx';
import { foldCounters } from '../inspector/counter-folding.ts';
import { LAB_COMMANDS_SHOWN, labStoreView, type LabCommandLine, type LabKeyRow } from './lab-live-store.ts';

function ttlText(row: LabKeyRow, now: number): string {
  if (row.gone === 'absent') return 'checked: absent';
  if (row.gone) return row.gone === 'expired' ? 'expired' : row.gone === 'evicted' ? 'evicted' : 'deleted';
  if (row.pttl === null) return '…';
  return formatTtl(row.pttl < 0 ? row.pttl : Math.max(0, row.pttl - (now - row.observedAt)));
}

function Line({ line }: { line: LabCommandLine }) {
  return (
    <StoreCommandLine read={line.read} command={line.command}>
      {' '}
      <span className="muted">{line.causeText}</span>
    </StoreCommandLine>
  );
}

/**
 * The store beside the lab: the keys this lab's run has read or changed, with their TTLs counting down, and its store
 * commands newest first (reads quieter than writes), so a step's effect is seen without leaving the lab.
 */
export function LabLiveStore({ since }: { since: number | null }) {
  const snapshot = useInspector();
  const now = useNow(500);
  const plumbing = new Set(snapshot.exchanges.filter(isPlumbing).map((exchange) => exchange.id));
  const view = since === null ? null : labStoreView(snapshot, since, plumbing);
  return (
    <aside className="lab-live" aria-label="The store, live" data-testid="lab-live-store">
      <h4>The store, live</h4>
      {view === null ? (
        <p className="muted">
          The keys and commands of this lab appear here as its steps run (reads in grey, writes in colour).
        </p>
      ) : (
        <>
          <h5>Keys this lab touched</h5>
          {view.keys.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <table className="lab-live-keys" data-testid="lab-live-keys">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">TTL</th>
                </tr>
              </thead>
              <tbody>
                {view.keys.map((row) => (
                  <tr
                    key={row.key}
                    className={row.gone === 'absent' ? 'absent' : row.gone ? 'gone' : undefined}
                    title={row.gone === 'absent' ? 'Looked up (EXISTS, GET) but not in the store' : undefined}
                    data-testid="lab-live-key"
                    data-gone={row.gone ?? undefined}
                  >
                    <td>
                      <code title={row.key}>{row.key}</code>
                    </td>
                    <td className="ttl">{ttlText(row, now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {view.moreKeys > 0 && <p className="muted">and {view.moreKeys} more in the Inspector</p>}
          <h5>Commands, newest first</h5>
          {view.commands.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ol className="lab-live-commands" data-testid="lab-live-commands">
              {foldCounters(view.commands, (line) => line, 'newest-first')
                .slice(0, LAB_COMMANDS_SHOWN)
                .map((item) =>
                  item.kind === 'line' ? (
                    <Line key={item.line.id} line={item.line} />
                  ) : (
                    <CounterGroup key={item.id} group={item} renderLine={(line) => <Line key={line.id} line={line} />}>
                      <span className="muted">#{item.cause}</span>
                    </CounterGroup>
                  ),
                )}
            </ol>
          )}
        </>
      )}
    </aside>
  );
}
