import type { LoadEvent } from '../../../shared/api/lab-load.ts';

const TARGET_WORDS: Record<LoadEvent['target'], string> = {
  both: 'both checks, taking turns each second',
  session: 'the session check alone',
  token: 'the token check alone',
};

const STORE_NAMES: Record<LoadEvent['conditions']['store'], string> = {
  sqlite: 'embedded (SQLite)',
  redis: 'Redis',
  'redis-cluster': 'Redis Cluster',
};

const STORE_NOTES: Record<LoadEvent['conditions']['store'], string> = {
  sqlite: 'a file inside this server process',
  redis: 'a separate server, over loopback',
  'redis-cluster': 'separate servers, each key on one of them',
};

function endWords(event: LoadEvent): string {
  if (!event.done) return `${(event.elapsedMs / 1_000).toFixed(0)} of ${event.seconds} s`;
  const why =
    event.endedBy === 'time'
      ? 'its time was up'
      : event.endedBy === 'stopped'
        ? 'stopped'
        : `failed: ${event.error ?? ''}`;
  return `ended (${why}) after ${(event.elapsedMs / 1_000).toFixed(1)} s`;
}

/** The run's header: its number, progress, and what it measures on (store, token algorithm, denylist, users). */
export function LoadRunHeader({ latest }: { latest: LoadEvent }) {
  const { store, algorithm, denylist } = latest.conditions;
  const conditions = [
    {
      id: 'store',
      label: 'Store',
      value: STORE_NAMES[store],
      note: STORE_NOTES[store],
    },
    { id: 'algorithm', label: 'Token algorithm', value: algorithm, note: 'what each token check verifies' },
    {
      id: 'denylist',
      label: 'Denylist',
      value: denylist,
      note: denylist === 'on' ? 'each token check also reads the store' : 'token checks read no store',
    },
    {
      id: 'users',
      label: 'Users',
      value: String(latest.users),
      note: `virtual users, all signed in as ${latest.account}`,
    },
  ];
  return (
    <header className="load-run-header" data-testid="load-run-header">
      <p className="load-progress">
        <label htmlFor="load-progress">
          <strong>Run #{latest.run}</strong> on {TARGET_WORDS[latest.target]}: {endWords(latest)}
        </label>{' '}
        <progress
          id="load-progress"
          max={latest.seconds * 1_000}
          value={latest.done ? latest.seconds * 1_000 : Math.min(latest.elapsedMs, latest.seconds * 1_000)}
          data-testid="load-progress"
        />
      </p>
      <dl className="load-conditions" aria-label="Measured on" data-testid="load-conditions">
        {conditions.map((condition) => (
          <div key={condition.id}>
            <dt>{condition.label}</dt>
            <dd data-testid={`load-condition-${condition.id}`}>{condition.value}</dd>
            <dd className="muted">{condition.note}</dd>
          </div>
        ))}
      </dl>
    </header>
  );
}
