import { useState } from 'react';
import { api } from '../api/client.ts';
import { useInspector } from '../inspector/inspector-context.ts';
import type { LoadFigures, LoadRequest } from '../../../shared/api/lab-load.ts';
import { LoadChart, loadPoints } from './LoadChart.tsx';
import type { LabContext } from './lab-types.ts';

function memory(bytes: number): string {
  return bytes < 1_048_576 ? `${(bytes / 1_024).toFixed(1)} KiB` : `${(bytes / 1_048_576).toFixed(2)} MiB`;
}

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

/** Lab 12's live view: a run form, its progress and Stop, charts of each second and the run's totals, from the `load` events. */
export function LoadPanel({ context }: { context: LabContext }) {
  const { load, metrics } = useInspector();
  const [request, setRequest] = useState<LoadRequest>({ users: 20, seconds: 10, target: 'both' });
  const [problem, setProblem] = useState<string | null>(null);
  const latest = load.at(-1);
  const running = latest !== undefined && !latest.done;
  const act = (action: () => Promise<unknown>) => {
    setProblem(null);
    action().catch((error: unknown) => setProblem((error as Error).message));
  };
  const number = (field: 'users' | 'seconds', max: number) => (
    <label>
      {field}{' '}
      <input
        type="number"
        min={1}
        max={max}
        value={request[field]}
        onChange={(event) =>
          setRequest({ ...request, [field]: Math.max(1, Math.min(max, Number(event.target.value) || 1)) })
        }
        data-testid={`load-${field}`}
      />
    </label>
  );
  return (
    <section className="load-panel" aria-label="Load" data-testid="load-panel">
      <h4>Load</h4>
      <form
        className="load-form"
        onSubmit={(event) => {
          event.preventDefault();
          act(async () => {
            await context.begin();
            return api.labLoad.start(context.labKey, request);
          });
        }}
      >
        {number('users', 50)}
        {number('seconds', 30)}
        <label>
          checks{' '}
          <select
            value={request.target}
            onChange={(event) => setRequest({ ...request, target: event.target.value as LoadRequest['target'] })}
            data-testid="load-target"
          >
            <option value="both">both (taking turns each second)</option>
            <option value="session">session check</option>
            <option value="token">token check</option>
          </select>
        </label>
        <button type="submit" disabled={running} data-testid="load-run">
          Run
        </button>
        <button
          type="button"
          onClick={() => act(() => api.labLoad.stop(context.labKey))}
          disabled={!running}
          data-testid="load-stop"
        >
          Stop
        </button>
      </form>
      {problem && (
        <p className="error-note" role="alert">
          {problem}
        </p>
      )}
      {latest && (
        <>
          <p className="load-progress">
            <label htmlFor="load-progress">
              Run #{latest.run} ({latest.users} users as {latest.account}, {latest.target}):{' '}
              {latest.done
                ? `ended (${latest.endedBy === 'time' ? 'its time was up' : latest.endedBy === 'stopped' ? 'stopped' : `failed: ${latest.error ?? ''}`}) after ${(latest.elapsedMs / 1_000).toFixed(1)} s`
                : `${(latest.elapsedMs / 1_000).toFixed(0)} of ${latest.seconds} s`}
            </label>{' '}
            <progress
              id="load-progress"
              max={latest.seconds * 1_000}
              value={latest.done ? latest.seconds * 1_000 : Math.min(latest.elapsedMs, latest.seconds * 1_000)}
              data-testid="load-progress"
            />
          </p>
          <p className="muted" data-testid="load-conditions">
            Measured on: {latest.conditions.store === 'redis' ? 'Redis' : 'the embedded store (SQLite)'} · tokens signed
            with {latest.conditions.algorithm} · denylist {latest.conditions.denylist}
          </p>
          {latest.cleanup && (
            <p
              className={latest.cleanup.loggedOut ? 'muted' : 'error-note'}
              role={latest.cleanup.loggedOut ? undefined : 'alert'}
              data-testid="load-cleanup"
            >
              {latest.cleanup.loggedOut
                ? `Every virtual user was ${latest.account}; the run logged those logins out at its end, leaving no session or token behind. Your own logins are untouched.`
                : `Every virtual user was ${latest.account}; the run could not log those logins out (${latest.cleanup.problem ?? 'no answer'}): they stay until they expire, and count towards ${latest.account}'s session limit. Your own logins are untouched.`}
            </p>
          )}
          <div className="load-charts">
            <LoadChart
              title="Requests per second"
              unit="req/s"
              points={loadPoints(load, 'requestsPerSecond')}
              seconds={latest.seconds}
            />
            <LoadChart title="p99 server time" unit="ms" points={loadPoints(load, 'p99Ms')} seconds={latest.seconds} />
            <LoadChart
              title="Server CPU per request"
              unit="µs"
              points={loadPoints(load, 'cpuMicrosPerRequest')}
              seconds={latest.seconds}
            />
          </div>
          <p className="muted load-legend">
            <span className="load-key load-session">■</span> session check (GET /session/me){' '}
            <span className="load-key load-token">■</span> token check (GET /token/data)
          </p>
          <table className="load-totals" data-testid="load-totals">
            <caption>The run so far, measured in the server process</caption>
            <thead>
              <tr>
                <th scope="col">check</th>
                <th scope="col">requests</th>
                <th scope="col">errors</th>
                <th scope="col">req/s</th>
                <th scope="col">p50 ms</th>
                <th scope="col">p99 ms</th>
                <th scope="col">CPU µs/req</th>
              </tr>
            </thead>
            <tbody>
              <FiguresRow name="session" figures={latest.totals.session} />
              <FiguresRow name="token" figures={latest.totals.token} />
            </tbody>
          </table>
        </>
      )}
      <p className="muted" data-testid="load-memory">
        Store memory:{' '}
        {metrics === null
          ? 'no metrics yet'
          : metrics.storeKind === 'sqlite'
            ? 'embedded store (SQLite inside the server: no store server memory to read)'
            : metrics.usedMemory === null
              ? 'Redis did not answer'
              : `Redis used_memory ${memory(metrics.usedMemory)}`}
      </p>
    </section>
  );
}
