import { globMatcher } from '../../../shared/glob.ts';
import type { KeyPage } from '../../../shared/api/inspector.ts';
import type { KeyGroups } from '../../../shared/api/key-groups.ts';
import type { KeyEvent } from '../../../shared/inspector-events.ts';
import { keyGroupOf, groupPattern } from '../../../shared/key-groups.ts';

/** Keys of an opened group read per page. */
export const GROUP_PAGE = 50;
/** Server counts at least this far apart, and at least this many times their own duration apart. */
const MIN_REFRESH_GAP_MS = 3_000;
const REFRESH_COST_FACTOR = 10;
/** Live changes wait this long for more before the server counts again. */
const SETTLE_MS = 1_000;

/** One group as the tree shows it. */
export interface GroupView {
  prefix: string;
  count: number;
  /** Summed on the server at its last count (see `measure`); null for a group seen only live since. */
  bytes: number | null;
  /** A change the page could not count exactly (a write to a key of a large group): the server counts again. */
  uncertain: boolean;
  /** When the count last changed live (for a short highlight). */
  changedAt: number | null;
}

/** An opened group: its keys, read a page at a time, and followed live. */
export interface OpenGroup {
  keys: string[];
  cursor: string;
  loading: boolean;
  error: string | null;
}

/** One immutable view of the key tree. */
export interface KeyTreeSnapshot {
  version: number;
  match: string;
  groups: GroupView[];
  open: ReadonlyMap<string, OpenGroup>;
  /** The last count's figures (null before the first). */
  counted: Pick<KeyGroups, 'scanned' | 'complete' | 'measure' | 'ms'> | null;
  loading: boolean;
  error: string | null;
}

/** What the model needs from outside. */
export interface KeyGroupsDeps {
  count: (match: string) => Promise<KeyGroups>;
  page: (match: string, cursor: string) => Promise<KeyPage>;
  now: () => number;
}

interface GroupState extends GroupView {
  /** Every key of the group, when the server named them (a small group): live changes are then exact. */
  members: Set<string> | null;
}

const GONE = new Set<KeyEvent['op']>(['del', 'expired', 'evicted']);
const CREATES = new Set<KeyEvent['op']>(['set', 'incr', 'sadd', 'zadd']);
/** Writes that delete their key when they take its last member out (Redis deletes an empty set): the event cannot say. */
const MAY_EMPTY = new Set<KeyEvent['op']>(['srem', 'zrem']);

/** Whether the event removed its key. */
function removes(event: KeyEvent): boolean {
  return GONE.has(event.op) || (event.op === 'pexpire' && event.pttl !== undefined && event.pttl <= 0);
}

/**
 * The key tree's state: the server's counts by group (`GET /inspector/key-groups`), followed live between counts
 * (a new key +1, a deleted or expired one −1), and the opened groups' keys. A change it cannot count exactly (a write
 * to a key it does not know in a group too large for the server to name its keys, or an SREM/ZREM that may have
 * emptied and so deleted its set) marks the group uncertain and asks the server to count again, at most every few
 * seconds. Sizes are the server's: any write changes them, so any write also asks for a count (at the same pace).
 */
export class KeyGroupsModel {
  readonly #deps: KeyGroupsDeps;
  readonly #listeners = new Set<() => void>();
  #groups = new Map<string, GroupState>();
  #open = new Map<string, OpenGroup>();
  #matches: (key: string) => boolean = globMatcher('sl:*');
  #snapshot: KeyTreeSnapshot = {
    version: 0,
    match: 'sl:*',
    groups: [],
    open: new Map(),
    counted: null,
    loading: false,
    error: null,
  };
  #fields: Omit<KeyTreeSnapshot, 'version' | 'groups' | 'open'> = {
    match: 'sl:*',
    counted: null,
    loading: false,
    error: null,
  };
  #inFlight = false;
  /** Events received while a count was on its way: applied again on its answer. */
  #duringCount: KeyEvent[] = [];
  #lastCountEnd = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: KeyGroupsDeps) {
    this.#deps = deps;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): KeyTreeSnapshot => this.#snapshot;

  /** Counts the keys matching `match` (a Redis glob over `sl:` keys) from the start; opened groups close. */
  async setMatch(match: string): Promise<void> {
    this.#matches = globMatcher(match);
    this.#fields.match = match;
    this.#groups = new Map();
    this.#open = new Map();
    await this.refresh();
  }

  /** Asks the server to count again (one count at a time). */
  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#inFlight) return;
    this.#inFlight = true;
    this.#duringCount = [];
    const match = this.#fields.match;
    this.#fields.loading = true;
    this.#publish();
    try {
      const answer = await this.#deps.count(match);
      if (match !== this.#fields.match) return;
      const previous = this.#groups;
      this.#groups = new Map(
        answer.groups.map((group) => [
          group.prefix,
          {
            prefix: group.prefix,
            count: group.count,
            bytes: group.bytes,
            uncertain: false,
            changedAt: previous.get(group.prefix)?.changedAt ?? null,
            members: group.keys ? new Set(group.keys) : null,
          },
        ]),
      );
      this.#fields.counted = {
        scanned: answer.scanned,
        complete: answer.complete,
        measure: answer.measure,
        ms: answer.ms,
      };
      this.#fields.error = null;
      // What changed while the count ran may or may not be in it: exact where the members are known, else counted again.
      const late = this.#duringCount;
      this.#duringCount = [];
      let again = false;
      for (const event of late) again = this.#apply(event, true) || again;
      if (again) this.#schedule();
    } catch (error) {
      this.#fields.error = (error as Error).message;
    } finally {
      this.#inFlight = false;
      this.#lastCountEnd = this.#deps.now();
      this.#fields.loading = false;
      this.#publish();
    }
  }

  /** A key event from the stream. */
  receive(event: KeyEvent): void {
    if (!this.#matches(event.key)) return;
    if (this.#inFlight) this.#duringCount.push(event);
    // Counted exactly or not, the write changed a group's size: the server measures it again at its next count.
    this.#apply(event, false);
    this.#schedule();
    this.#followOpen(event);
    this.#publish();
  }

  /** Events were missed (the stream dropped some): the server counts again soon. */
  missed(): void {
    this.#schedule();
  }

  /** Opens a group: reads its first page of keys (SCAN MATCH `<prefix>*`). */
  async expand(prefix: string): Promise<void> {
    if (this.#open.has(prefix)) return;
    this.#open.set(prefix, { keys: [], cursor: '0', loading: true, error: null });
    this.#publish();
    await this.#readPage(prefix, '0');
  }

  /** Reads the next page of an opened group. */
  async more(prefix: string): Promise<void> {
    const open = this.#open.get(prefix);
    if (!open || open.loading || open.cursor === '0') return;
    this.#setOpen(prefix, { ...open, loading: true });
    await this.#readPage(prefix, open.cursor);
  }

  /** Closes a group. */
  collapse(prefix: string): void {
    if (this.#open.delete(prefix)) this.#publish();
  }

  /** Stops the timer (a count on its way still lands: the model may be mounted again, as StrictMode does). */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Applies one event to the counts; true when it could not be counted exactly. */
  #apply(event: KeyEvent, replay: boolean): boolean {
    const prefix = keyGroupOf(event.key);
    const group = this.#groups.get(prefix);
    const now = this.#deps.now();
    if (removes(event)) {
      if (!group) return false;
      if (group.members) {
        if (!group.members.delete(event.key)) return false;
      } else if (replay) {
        group.uncertain = true;
        return true;
      }
      group.count = Math.max(0, group.count - 1);
      group.changedAt = now;
      return false;
    }
    if (MAY_EMPTY.has(event.op)) {
      if (!group || (group.members && !group.members.has(event.key))) return false;
      group.uncertain = true;
      return true;
    }
    if (!CREATES.has(event.op)) return false;
    if (!group) {
      // A group the last count did not see: new, unless that count stopped early.
      const complete = this.#fields.counted?.complete ?? false;
      this.#groups.set(prefix, {
        prefix,
        count: 1,
        bytes: null,
        uncertain: !complete,
        changedAt: now,
        members: new Set([event.key]),
      });
      return !complete;
    }
    if (group.members) {
      if (group.members.has(event.key)) return false;
      group.members.add(event.key);
      group.count++;
      group.changedAt = now;
      return false;
    }
    group.uncertain = true;
    return true;
  }

  /** An opened group's keys follow the stream: a new key on top, a removed one out. */
  #followOpen(event: KeyEvent): void {
    const prefix = keyGroupOf(event.key);
    const open = this.#open.get(prefix);
    if (!open) return;
    if (removes(event)) {
      if (open.keys.includes(event.key))
        this.#setOpen(prefix, { ...open, keys: open.keys.filter((k) => k !== event.key) });
    } else if (CREATES.has(event.op) && !open.keys.includes(event.key))
      this.#setOpen(prefix, { ...open, keys: [event.key, ...open.keys] });
  }

  async #readPage(prefix: string, cursor: string): Promise<void> {
    try {
      const page = await this.#deps.page(groupPattern(prefix), cursor);
      const open = this.#open.get(prefix);
      if (!open) return;
      const keys = [...open.keys];
      for (const row of page.keys) if (!keys.includes(row.key)) keys.push(row.key);
      this.#setOpen(prefix, { keys, cursor: page.cursor, loading: false, error: null });
    } catch (error) {
      const open = this.#open.get(prefix);
      if (open) this.#setOpen(prefix, { ...open, loading: false, error: (error as Error).message });
    }
  }

  #setOpen(prefix: string, open: OpenGroup): void {
    this.#open.set(prefix, open);
    this.#publish();
  }

  /** The next server count: after the changes settle, and never sooner than the gap its cost calls for. */
  #schedule(): void {
    if (this.#timer) return;
    const cost = (this.#fields.counted?.ms ?? 0) * REFRESH_COST_FACTOR;
    const gap = Math.max(MIN_REFRESH_GAP_MS, cost);
    const wait = Math.max(SETTLE_MS, this.#lastCountEnd + gap - this.#deps.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.refresh();
    }, wait);
  }

  #publish(): void {
    this.#snapshot = {
      ...this.#fields,
      version: this.#snapshot.version + 1,
      groups: [...this.#groups.values()]
        .map(({ members: _members, ...view }) => view)
        .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0)),
      open: new Map(this.#open),
    };
    for (const listener of this.#listeners) listener();
  }
}
