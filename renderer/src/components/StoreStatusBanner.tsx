import type { HealthState } from '../hooks/use-health.ts';
import type { StoreEvent } from '../../../shared/inspector-events.ts';

const STORE_NAMES = { redis: 'Redis', sqlite: 'Embedded store (SQLite)' } as const;
/** Where the sessions live, in plain words (the server's own reason is in the tooltip). */
function storeWords(kind: 'redis' | 'sqlite', reason: string): string {
  if (kind === 'sqlite') return 'the keys live in a SQLite file inside this server: no Redis';
  // The reason names the Redis the server reached (its address, password removed).
  const where = /\b(rediss?:\/\/[^\s,;)]+|the Redis Cluster [^\s,;)]+)/.exec(reason)?.[1];
  return `the keys live in Redis${where ? ` at ${where}` : ''}, a server of their own`;
}

/** Which store holds the sessions, whether it answers (an outage and the recovery, as the stream tells them), and why it was chosen. */
export function StoreStatusBanner({
  health,
  lastStoreEvent,
}: {
  health: HealthState;
  lastStoreEvent: StoreEvent | null;
}) {
  if (health.state === 'loading')
    return (
      <p className="banner" role="status">
        Asking the server…
      </p>
    );
  if (health.state === 'unreachable') {
    return (
      <p className="banner banner-down" role="alert">
        {health.message}. Is it still running?
      </p>
    );
  }
  const { store, version } = health.health;
  // The stream reports an outage the moment it happens; /health is polled.
  const connected = lastStoreEvent && lastStoreEvent.at > health.fetchedAt ? lastStoreEvent.connected : store.connected;
  const recoveredAt = connected && lastStoreEvent?.event === 'recovered' ? lastStoreEvent.at : null;
  return (
    <section
      className={`banner ${connected ? 'banner-ok' : 'banner-down'}`}
      role={connected ? 'status' : 'alert'}
      aria-label="Store status"
    >
      <strong data-testid="store-kind">{STORE_NAMES[store.kind]}</strong>{' '}
      <span data-testid="store-state">
        {connected ? 'connected' : `unreachable (${lastStoreEvent?.lastError ?? store.lastError ?? 'no answer'})`}
      </span>
      {!connected && (
        <span> · cookie requests are answered 503 STORE_UNAVAILABLE until it is back; nobody is logged out</span>
      )}
      {recoveredAt !== null && (
        <span className="muted"> · recovered at {new Date(recoveredAt).toLocaleTimeString()}</span>
      )}
      <span
        className="banner-reason"
        data-testid="store-reason"
        title={`Why this store: ${store.reason} · expiry events: ${store.expiryEvents} · server v${version}`}
      >
        {storeWords(store.kind, store.reason)}
      </span>
    </section>
  );
}
