import { EventEmitter } from 'node:events';
import type { KeyChange, KeyRead, StoreStatusChange } from '../../shared/store-events.ts';

/**
 * The listeners of one store: key changes and reachability changes. A listener that throws is
 * removed from the path of the others (its error is reported, the write is not undone).
 */
export class ChangeFeed {
  readonly #emitter = new EventEmitter<{ change: [KeyChange]; status: [StoreStatusChange]; read: [KeyRead] }>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => {}) {
    this.#emitter.setMaxListeners(0);
    this.#onListenerError = onListenerError;
  }

  /** Adds a key-change listener; returns its remover. */
  onChange(listener: (change: KeyChange) => void): () => void {
    const safe = this.#guard(listener);
    this.#emitter.on('change', safe);
    return () => this.#emitter.off('change', safe);
  }

  /** Adds a status listener; returns its remover. */
  onStatus(listener: (change: StoreStatusChange) => void): () => void {
    const safe = this.#guard(listener);
    this.#emitter.on('status', safe);
    return () => this.#emitter.off('status', safe);
  }

  /** Adds a read listener; returns its remover. */
  onRead(listener: (read: KeyRead) => void): () => void {
    const safe = this.#guard(listener);
    this.#emitter.on('read', safe);
    return () => this.#emitter.off('read', safe);
  }

  /** Whether anyone listens to reads (a read is formatted only then: reads are the hot path). */
  hasReadListeners(): boolean {
    return this.#emitter.listenerCount('read') > 0;
  }

  /** Announces a read. */
  emitRead(read: KeyRead): void {
    this.#emitter.emit('read', read);
  }

  /** Announces a key change. */
  emitChange(change: KeyChange): void {
    this.#emitter.emit('change', change);
  }

  /** Announces an outage or a recovery. */
  emitStatus(change: StoreStatusChange): void {
    this.#emitter.emit('status', change);
  }

  /** Drops every listener. */
  clear(): void {
    this.#emitter.removeAllListeners();
  }

  #guard<T>(listener: (value: T) => void): (value: T) => void {
    return (value) => {
      try {
        listener(value);
      } catch (error) {
        this.#onListenerError(error);
      }
    };
  }
}
