/**
 * What must stop when a server closes, gathered where it is made: the store and the databases, timers, the
 * inspector's subscriptions, and what plug-ins start (servers, child processes). Closed in the reverse order of
 * adding; a closer that fails does not keep the others from running.
 */
export class Closers {
  readonly #closers: (() => unknown)[] = [];
  #closed = false;

  /** Adds a closer; one added after {@link closeAll} runs at once. */
  add(close: () => unknown): void {
    if (this.#closed)
      void Promise.resolve()
        .then(close)
        .catch(() => {});
    else this.#closers.push(close);
  }

  /** Runs every closer once (later calls do nothing); answers the failures, if any. */
  async closeAll(): Promise<unknown[]> {
    if (this.#closed) return [];
    this.#closed = true;
    const failures: unknown[] = [];
    for (const close of this.#closers.reverse()) {
      try {
        await close();
      } catch (error) {
        failures.push(error);
      }
    }
    this.#closers.length = 0;
    return failures;
  }
}
