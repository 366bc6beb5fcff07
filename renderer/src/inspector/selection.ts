import { useCallback, useSyncExternalStore } from 'react';

/** One value the page's views share and follow (a selected exchange, a selected key), outside any component. */
class Shared<T> {
  #value: T;
  readonly #listeners = new Set<() => void>();
  constructor(initial: T) {
    this.#value = initial;
  }
  get = (): T => this.#value;
  set = (value: T): void => {
    if (Object.is(value, this.#value)) return;
    this.#value = value;
    for (const listener of this.#listeners) listener();
  };
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
}

const exchange = new Shared<number | null>(null);
const key = new Shared<string | null>(null);

function useShared<T>(shared: Shared<T>): [T, (value: T) => void] {
  const value = useSyncExternalStore(shared.subscribe, shared.get);
  return [value, useCallback((next: T) => shared.set(next), [shared])];
}

/**
 * The exchange selected anywhere in the window (the HTTP log, the sequence diagram): selecting it in one selects it in
 * the other.
 */
export function useSelectedExchange(): [number | null, (id: number | null) => void] {
  return useShared(exchange);
}

/** The key selected anywhere in the window (the key table, an exchange's commands, the sequence diagram's detail). */
export function useSelectedKey(): [string | null, (name: string | null) => void] {
  return useShared(key);
}
