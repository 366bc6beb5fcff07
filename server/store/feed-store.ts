import { ChangeFeed } from './change-feed.ts';
import type { KeyChange, StoreStatusChange } from '../../shared/store-events.ts';

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

  /** Subscribes to outage and recovery. */
  onStatus(listener: (change: StoreStatusChange) => void): () => void {
    return this.feed.onStatus(listener);
  }
}
