/**
 * Remembers the results of a pure function of a string, up to `limit` entries (the oldest goes
 * first). For values derived from a session id by hashing: the same id always gives the same value,
 * and an active session asks on every request.
 */
export class BoundedMemo<T> {
  readonly #limit: number;
  readonly #compute: (key: string) => T;
  readonly #entries = new Map<string, T>();

  constructor(limit: number, compute: (key: string) => T) {
    this.#limit = limit;
    this.#compute = compute;
  }

  /** The value for `key`, computed once. */
  get(key: string): T {
    const known = this.#entries.get(key);
    if (known !== undefined) return known;
    const value = this.#compute(key);
    if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, value);
    return value;
  }
}
