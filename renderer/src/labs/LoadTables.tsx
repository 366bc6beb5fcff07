import type { LoadEvent, LoadFigures } from '../../../shared/api/lab-load.ts';
import { SERIES_NAMES } from './LoadChart.tsx';
import { LoadMeasured } from './LoadMeasured.tsx';

function FiguresRow({ name, figures }: { name: string; figures: LoadFigures | undefined }) {
  if (!figures) return null;
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{figures.requests}</td>
      <td>{figures.errors}</td>
      <td>{figures.requestsPerSecond}</td>
      <td>{figures.p50Ms}</td>
      <td>{figures.p99Ms}</td>
      <td>{figures.cpuMicrosPerRequest ?? '—'}</td>
    </tr>
  );
}

function FiguresHead({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">requests</th>
        <th scope="col">errors</th>
        <th scope="col">req/s</th>
        <th scope="col">
          <abbr title="median: half the requests were answered faster">p50</abbr> ms
        </th>
        <th scope="col">
          <abbr title="99th percentile: 99 of 100 requests were answered faster">p99</abbr> ms
        </th>
        <th scope="col">CPU µs/req</th>
      </tr>
    </thead>
  );
}

/** The run's totals per check, and (folded) every second's figures: the charts' values as a table. */
export function LoadTables({ latest, events }: { latest: LoadEvent; events: LoadEvent[] }) {
  const seconds = events.filter((event) => event.window !== null);
  return (
    <>
      <table className="load-totals" data-testid="load-totals">
        <caption>The run {latest.done ? 'in all' : 'so far'}, measured in the server process</caption>
        <FiguresHead first="check" />
        <tbody>
          <FiguresRow name="session" figures={latest.totals.session} />
          <FiguresRow name="token" figures={latest.totals.token} />
        </tbody>
      </table>
      <LoadMeasured latest={latest} />
      <details className="load-seconds" data-testid="load-per-second">
        <summary>Every second’s figures as a table ({seconds.length} seconds)</summary>
        <table className="load-totals">
          <caption>One row per second of the run: the check it hammered and its figures</caption>
          <FiguresHead first="second ending at" />
          <tbody>
            {seconds.map((event) => (
              <FiguresRow
                key={event.elapsedMs}
                name={`${(Math.round(event.elapsedMs / 100) / 10).toFixed(1)} s · ${SERIES_NAMES[event.window!.target]}`}
                figures={event.window!.figures}
              />
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
