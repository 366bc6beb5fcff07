import type { HealthState } from '../hooks/use-health.ts';

const STORE_NAMES = { redis: 'Redis', sqlite: 'Embedded store (SQLite)' } as const;

/** Which store holds the sessions, whether it answers, and why it was chosen. */
export function StoreStatusBanner({ health }: { health: HealthState }) {
  if (health.state === 'loading') return <p className="banner" role="status">Asking the server…</p>;
  if (health.state === 'unreachable') {
    return (
      <p className="banner banner-down" role="alert">
        The Session Lab server does not answer: {health.message}
      </p>
    );
  }
  const { store, version } = health.health;
  return (
    <section className={`banner ${store.connected ? 'banner-ok' : 'banner-down'}`} role="status" aria-label="Store status">
      <strong data-testid="store-kind">{STORE_NAMES[store.kind]}</strong>{' '}
      <span data-testid="store-state">{store.connected ? 'connected' : `unreachable (${store.lastError ?? 'no answer'})`}</span>
      <p className="banner-reason" data-testid="store-reason">{store.reason}</p>
      <p className="banner-meta">
        Expiry events: {store.expiryEvents} · server v{version}
      </p>
    </section>
  );
}
