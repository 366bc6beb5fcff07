import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useInspector } from '../inspector/inspector-context.ts';
import type { LoadEvent, LoadRequest } from '../../../shared/api/lab-load.ts';
import type { MetricsEvent } from '../../../shared/inspector-events.ts';
import { storeSizeWords } from './store-size-words.ts';
import { LoadChart, loadPoints, SeriesMarker, SERIES_NAMES } from './LoadChart.tsx';
import { interpretLoad } from './load-interpretation.ts';
import { LoadRunHeader } from './LoadRunHeader.tsx';
import { LoadTables } from './LoadTables.tsx';
import type { LabContext } from './lab-types.ts';
import './load.css';

function Legend({ denylist }: { denylist: LoadEvent['conditions']['denylist'] }) {
  const entries = [
    { target: 'session' as const, text: 'GET /session/me with the cookie: one store read per request' },
    {
      target: 'token' as const,
      text: `GET /token/data with the Bearer token: a signature verified per request${denylist === 'on' ? ', and a denylist read' : ''}`,
    },
  ];
  return (
    <ul className="load-legend" aria-label="Legend" data-testid="load-legend">
      {entries.map(({ target, text }) => (
        <li key={target} className={`load-series load-${target}`}>
          <svg width="30" height="12" viewBox="0 0 30 12" aria-hidden="true">
            <line x1="1" x2="29" y1="6" y2="6" />
            <SeriesMarker target={target} x={15} y={6} />
          </svg>
          <strong>{SERIES_NAMES[target]}</strong> <span className="muted">{text}</span>
        </li>
      ))}
    </ul>
  );
}

/** Lab 12's live view: a run form, the run's header and progress, charts of each second, the totals, and what the run shows. */
export function LoadPanel({ context }: { context: LabContext }) {
  const { load, metrics } = useInspector();
  const [request, setRequest] = useState<LoadRequest>({ users: 20, seconds: 10, target: 'both' });
  const [problem, setProblem] = useState<string | null>(null);
  // The last event of each run seen while the panel was open: a run beside one with the other denylist setting.
  const [finals, setFinals] = useState<LoadEvent[]>([]);
  const latest = load.at(-1);
  const running = latest !== undefined && !latest.done;
  useEffect(() => {
    if (latest?.done) setFinals((seen) => (seen.some((event) => event.run === latest.run) ? seen : [...seen, latest]));
  }, [latest]);
  // The store's size as first read once the run began, beside the size now.
  const [atStart, setAtStart] = useState<{ run: number; metrics: MetricsEvent } | null>(null);
  useEffect(() => {
    if (latest && !latest.done && metrics && atStart?.run !== latest.run) setAtStart({ run: latest.run, metrics });
  }, [latest, metrics, atStart]);
  const readings = latest?.done ? interpretLoad(latest, finals) : [];
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
          <LoadRunHeader latest={latest} />
          {readings.length > 0 ? (
            <section className="load-interpretation" aria-label="What this run shows" data-testid="load-interpretation">
              <h5>What run #{latest.run} shows</h5>
              <ul>
                {readings.map((reading) => (
                  <li key={reading.about} data-about={reading.about}>
                    {reading.text}
                  </li>
                ))}
              </ul>
            </section>
          ) : (
            <p className="load-interpretation pending muted" data-testid="load-interpretation-pending">
              When the run ends, a few sentences here say what its figures show.
            </p>
          )}
          <Legend denylist={latest.conditions.denylist} />
          {latest.target === 'both' && (
            <p className="muted load-turns" data-testid="load-turns">
              The two checks take turns by the second (the session check in the 1st, 3rd, 5th …, the token check in the
              2nd, 4th …), so each has the whole server in its own seconds: each line has a point every other second,
              and a run of a few seconds gives each check only one or two.
            </p>
          )}
          <div className="load-charts">
            <LoadChart
              id="rps"
              title="Requests answered per second"
              unit="req/s"
              gloss="higher is better; the virtual users share this machine's CPU with the server"
              points={loadPoints(load, 'requestsPerSecond')}
              seconds={latest.seconds}
            />
            <LoadChart
              id="p99"
              title="p99 server time"
              unit="ms"
              gloss="99 of 100 requests that second were answered faster than this; lower is better"
              points={loadPoints(load, 'p99Ms')}
              seconds={latest.seconds}
            />
            <LoadChart
              id="cpu"
              title="Server CPU per request"
              unit="µs"
              gloss="the server process' CPU time that second ÷ the requests it answered; lower is better"
              points={loadPoints(load, 'cpuMicrosPerRequest')}
              seconds={latest.seconds}
            />
          </div>
          <LoadTables latest={latest} events={load} />
          {latest.cleanup && (
            <p
              className={latest.cleanup.loggedOut ? 'muted' : 'error-note'}
              role={latest.cleanup.loggedOut ? undefined : 'alert'}
              data-testid="load-cleanup"
            >
              {latest.cleanup.loggedOut
                ? `Every virtual user was ${latest.account}; the run logged those logins out at its end, leaving no session behind (only the denylist entries of its logged-out tokens, until their exp). Your own logins are untouched.`
                : `Every virtual user was ${latest.account}; the run could not log those logins out (${latest.cleanup.problem ?? 'no answer'}): they stay until they expire, and count towards ${latest.account}'s session limit. Your own logins are untouched.`}
            </p>
          )}
        </>
      )}
      <p className="load-memory" data-testid="load-memory">
        <strong>Store size</strong>, read from the server every second: {storeSizeWords(metrics)}
        {latest && atStart?.run === latest.run && (
          <>
            {' '}
            (when run #{latest.run} began: {storeSizeWords(atStart.metrics)})
          </>
        )}
        .{' '}
        <span className="muted">
          Every session is {metrics?.storeKind === 'redis' ? 'a key in Redis’ memory' : 'a row in this file'} until it
          ends (the run’s {latest?.users ?? 'virtual'} users share one); a token adds nothing to the store unless the
          denylist remembers its logout.
        </span>
      </p>
    </section>
  );
}
