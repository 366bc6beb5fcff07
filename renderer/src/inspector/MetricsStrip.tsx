import { useInspector } from './inspector-context.ts';

function bytes(value: number): string {
  if (value < 1_024) return `${value} B`;
  if (value < 1_048_576) return `${(value / 1_024).toFixed(1)} KiB`;
  return `${(value / 1_048_576).toFixed(1)} MiB`;
}

/** The server's figures, once a second. */
export function MetricsStrip() {
  const { metrics, stream } = useInspector();
  return (
    <div className="metrics-strip" aria-label="Live metrics" data-testid="metrics">
      <span className={`stream-state ${stream}`} data-testid="stream-state">
        {stream === 'open' ? 'live' : stream === 'no-lab-key' ? 'no lab key' : stream}
      </span>
      {metrics ? (
        <>
          <span>
            <strong data-testid="metric-live-sessions">{metrics.liveSessions}</strong> live{' '}
            {metrics.liveSessions === 1 ? 'session' : 'sessions'}
          </span>
          <span>
            +{metrics.sessionsCreatedPerSecond}/s −{metrics.sessionsDestroyedPerSecond}/s
          </span>
          <span>
            store p50 {metrics.storeLatencyMs.p50} ms · p99 {metrics.storeLatencyMs.p99} ms ·{' '}
            {metrics.storeLatencyMs.ops} ops
          </span>
          <span>
            {metrics.storeKind === 'sqlite'
              ? 'embedded store'
              : metrics.usedMemory === null
                ? 'Redis memory: no answer'
                : `Redis memory ${bytes(metrics.usedMemory)}`}
          </span>
        </>
      ) : (
        <span className="muted">waiting for the first figures…</span>
      )}
    </div>
  );
}
