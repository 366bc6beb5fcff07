import type { HttpEvent } from '../../../shared/inspector-events.ts';

/** How many of the learner's own exchanges the page keeps (newest first). */
export const KEPT_EXCHANGES = 300;
/** How many exchanges other pages sent (`from`) the page keeps, apart from the learner's. */
export const KEPT_FROM_OTHER_PAGES = 100;

/**
 * The exchanges the page keeps, newest first: the learner's own and, capped apart, those other pages sent (a lab's
 * attacker or partner page, or any web page that can reach the port). A flood of the latter only pushes out others
 * of its kind, never the learner's. The list shown is both, in the order they arrived.
 */
export class ExchangeList {
  #own: HttpEvent[] = [];
  #fromOtherPages: HttpEvent[] = [];
  /** The order of arrival of each kept exchange (a long request ends, and arrives, after later short ones). */
  readonly #arrival = new WeakMap<HttpEvent, number>();
  #arrived = 0;

  /** Adds an exchange that just arrived; answers those it pushed out (their detail can be forgotten). */
  add(event: HttpEvent): HttpEvent[] {
    this.#arrival.set(event, this.#arrived++);
    const list = event.from ? this.#fromOtherPages : this.#own;
    const cap = event.from ? KEPT_FROM_OTHER_PAGES : KEPT_EXCHANGES;
    list.unshift(event);
    return list.length > cap ? list.splice(cap) : [];
  }

  /** Every kept exchange, newest first (a new array). */
  list(): HttpEvent[] {
    const own = this.#own;
    const others = this.#fromOtherPages;
    if (others.length === 0) return [...own];
    const out: HttpEvent[] = [];
    let i = 0;
    let j = 0;
    while (i < own.length || j < others.length) {
      if (j >= others.length || (i < own.length && this.#arrival.get(own[i]!)! > this.#arrival.get(others[j]!)!))
        out.push(own[i++]!);
      else out.push(others[j++]!);
    }
    return out;
  }
}
