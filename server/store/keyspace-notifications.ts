import type { Redis } from 'ioredis';
import type { ExpiryEvents } from './status.ts';

/** What the subscriber reports. */
export interface KeyspaceNotificationHandlers {
  /** A key of the namespace expired or was evicted. */
  onRemoved(op: 'expired' | 'evicted', key: string): void;
  /** Notifications are on, or Redis refused to turn them on (then expiries must be polled). */
  onMode(mode: ExpiryEvents, reason: string): void;
}

/**
 * Turns on `notify-keyspace-events` for expired and evicted keys (keeping whatever flags the server
 * already has) each time the command connection becomes ready (a restarted Redis forgets them), and
 * listens on a second connection, since a subscribed connection can send nothing else.
 */
export class KeyspaceNotifications {
  readonly #subscriber: Redis;
  readonly #handlers: KeyspaceNotificationHandlers;
  // Notifications arrive only when both hold: the server emits them, and this connection listens.
  #configured: { ok: boolean; reason: string } | undefined;
  #subscribed: { ok: boolean; reason: string } | undefined;
  #closed = false;

  constructor(client: Redis, namespace: string, handlers: KeyspaceNotificationHandlers) {
    this.#handlers = handlers;
    const db = client.options.db ?? 0;
    const channels = [`__keyevent@${db}__:expired`, `__keyevent@${db}__:evicted`];
    // Subscribed again on every 'ready' below, with its failure handled: ioredis' own resubscription
    // leaves its promise unhandled, so a connection that drops right after 'ready' would crash the process.
    this.#subscriber = client.duplicate({ enableOfflineQueue: true, autoResubscribe: false });
    this.#subscriber.on('error', () => {});
    this.#subscriber.on('ready', () => {
      this.#subscriber.subscribe(...channels).then(
        () => this.#report('subscribed', { ok: true, reason: `subscribed to ${channels.join(', ')}` }),
        (error: Error) => this.#report('subscribed', { ok: false, reason: `SUBSCRIBE was refused (${error.message})` }),
      );
    });
    this.#subscriber.on('message', (channel: string, key: string) => {
      if (key.startsWith(namespace)) handlers.onRemoved(channel.endsWith(':evicted') ? 'evicted' : 'expired', key);
    });
    client.on('ready', () => {
      enableNotifications(client).then(
        (flags) => this.#report('configured', { ok: true, reason: `notify-keyspace-events is "${flags}"` }),
        (error: Error) =>
          this.#report('configured', {
            ok: false,
            reason: `Redis refused CONFIG SET notify-keyspace-events (${error.message})`,
          }),
      );
    });
  }

  #report(part: 'configured' | 'subscribed', outcome: { ok: boolean; reason: string }): void {
    if (this.#closed) return;
    if (part === 'configured') this.#configured = outcome;
    else this.#subscribed = outcome;
    const failed = [this.#configured, this.#subscribed].find((o) => o && !o.ok);
    if (failed) this.#handlers.onMode('ttl-polling', failed.reason);
    else if (this.#configured && this.#subscribed)
      this.#handlers.onMode('keyspace-notifications', this.#configured.reason);
  }

  /** Closes the subscriber connection. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#subscriber.disconnect();
    return Promise.resolve();
  }
}

async function enableNotifications(client: Redis): Promise<string> {
  const [, current = ''] = (await client.config('GET', 'notify-keyspace-events')) as string[];
  const flags = withExpiryFlags(current);
  if (flags !== current) await client.config('SET', 'notify-keyspace-events', flags);
  return flags;
}

/** Adds `E` (keyevent channel), `x` (expired) and `e` (evicted) to a flag string; `A` already holds x and e. */
export function withExpiryFlags(current: string): string {
  let flags = current;
  for (const flag of ['E', 'x', 'e']) {
    if (flag !== 'E' && flags.includes('A')) continue;
    if (!flags.includes(flag)) flags += flag;
  }
  return flags;
}
