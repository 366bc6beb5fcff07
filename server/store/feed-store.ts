import { ChangeFeed } from './change-feed.ts';
import { formatCommand } from './redis-cli.ts';
import type { KeyChange, KeyRead, StoreStatusChange } from '../../shared/store-events.ts';

/** What both backends share: the change feed and its two subscriptions. */
export abstract class FeedStore {
  /** The store's listeners; backends emit on it. */
  protected readonly feed: ChangeFeed;

  constructor(onListenerError?: (error: unknown) => void) {
    this.feed = new ChangeFeed(onListenerError);
  }

  /** Subscribes to the change feed; returns the unsubscribe function. */
  onChange(listener: (change: KeyChange) => void): () => void {
    return this.feed.onChange(listener);
  }

  /** Subscribes to the reads the app makes (GET, EXISTS, SMEMBERS, SCARD, PTTL, TYPE); returns the unsubscribe function. */
  onRead(listener: (read: KeyRead) => void): () => void {
    return this.feed.onRead(listener);
  }

  /**
   * Announces a read that answered: `name key [...args]` as redis-cli would send it (`storedKey` on a cluster), at
   * `at`. The command is formatted only when a listener asks for it (most reads, a load run's, are counted by nobody).
   */
  protected announceRead(
    name: string,
    key: string,
    storedKey: string,
    at: number,
    args: readonly (string | number)[] = [],
  ): void {
    if (!this.feed.hasReadListeners()) return;
    let command: string | undefined;
    this.feed.emitRead({
      key,
      at,
      get command() {
        return (command ??= formatCommand(name, storedKey, ...args));
      },
    });
  }

  /** Subscribes to outage and recovery. */
  onStatus(listener: (change: StoreStatusChange) => void): () => void {
    return this.feed.onStatus(listener);
  }
}
