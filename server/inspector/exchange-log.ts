/** A circular buffer of exchanges' JSON, each with its place in the order of recording. */
class Ring {
  readonly #slots: { seq: number; json: string }[] = [];
  readonly #capacity: number;
  #added = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  add(seq: number, json: string): void {
    this.#slots[this.#added++ % this.#capacity] = { seq, json };
  }

  /** Oldest first. */
  ordered(): { seq: number; json: string }[] {
    if (this.#added <= this.#capacity) return this.#slots;
    const at = this.#added % this.#capacity;
    return [...this.#slots.slice(at), ...this.#slots.slice(0, at)];
  }
}

/** How many exchanges the log keeps of each kind. */
export interface ExchangeLogLimits {
  /** The learner's own (the window's, the labs' tools'). */
  own: number;
  /** Those another page sent (an exchange with `from`): the labs' attacker and partner pages, or any web page. */
  fromOtherPages: number;
}

/**
 * The exchanges kept for the HAR export, as the JSON their http event was sent as (one string each for the garbage
 * collector, not a tree of objects), in two rings: the learner's own, and the smaller one of those other pages sent.
 * Any web page can send this server GETs (an `<img>`), so a flood of them only ever pushes out others of its kind.
 */
export class ExchangeLog {
  readonly #own: Ring;
  readonly #fromOtherPages: Ring;
  #recorded = 0;

  constructor(limits: ExchangeLogLimits) {
    this.#own = new Ring(limits.own);
    this.#fromOtherPages = new Ring(limits.fromOtherPages);
  }

  /** Keeps one exchange's JSON; `fromOtherPage` when another page sent it. */
  add(json: string, fromOtherPage: boolean): void {
    (fromOtherPage ? this.#fromOtherPages : this.#own).add(this.#recorded++, json);
  }

  /** Both kinds' kept exchanges as one list, in the order they were recorded (oldest first). */
  ordered(): string[] {
    const own = this.#own.ordered();
    const others = this.#fromOtherPages.ordered();
    const out: string[] = [];
    let i = 0;
    let j = 0;
    while (i < own.length || j < others.length) {
      if (j >= others.length || (i < own.length && own[i]!.seq < others[j]!.seq)) out.push(own[i++]!.json);
      else out.push(others[j++]!.json);
    }
    return out;
  }
}
