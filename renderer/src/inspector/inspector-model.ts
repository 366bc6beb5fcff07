import { globMatcher } from '../../../shared/glob.ts';
import type { KeyPage, KeyRow } from '../../../shared/api/inspector.ts';
import type { LoadEvent } from '../../../shared/api/lab-load.ts';
import {
  INSPECTOR_EVENT_SCHEMAS,
  type HttpEvent,
  type InspectorEventType,
  type ConsoleReadEvent,
  type KeyEvent,
  type MetricsEvent,
  type StoreEvent,
} from '../../../shared/inspector-events.ts';
import { ExchangeList } from './exchange-list.ts';
import { applyKeyEvent, entryFromRow, type KeyEntry } from './key-entry.ts';

export { KEPT_EXCHANGES, KEPT_FROM_OTHER_PAGES } from './exchange-list.ts';
/** How many commands the page keeps (newest first). */
export const KEPT_COMMANDS = 500;
/** Store reachability changes kept (for the outage lab's evidence). */
export const KEPT_STORE_EVENTS = 20;
/** How long a deleted or expired row stays (fading) before it leaves the table. */
export const GONE_ROW_MS = 1_500;

/** A command in the log, with when the page received it. */
export interface CommandEntry extends KeyEvent {
  seq: number;
}

/**
 * A store read an exchange made (it changed nothing: no key event; it comes in its exchange's http event), or one the
 * learner typed in the console (its own `read` event).
 */
export interface ReadEntry {
  seq: number;
  key: string;
  command: string;
  at: number;
  /** The exchange that made it, or `console`. */
  cause: number | 'console';
}

/** The state of the event stream. */
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'no-lab-key';

/** One immutable view of everything the inspector shows. */
export interface InspectorSnapshot {
  version: number;
  stream: StreamState;
  /** Keys matching the filter: new ones first, then by name. */
  keys: KeyEntry[];
  match: string;
  /** The SCAN cursor to go on from; `0` when the whole keyspace was scanned. */
  cursor: string;
  scanning: boolean;
  scanError: string | null;
  commands: CommandEntry[];
  /** The store reads exchanges made, newest first. */
  reads: ReadEntry[];
  exchanges: HttpEvent[];
  /** Key events per exchange id. */
  caused: ReadonlyMap<number, CommandEntry[]>;
  /** Store reads per exchange id, in the order they were made. */
  readBy: ReadonlyMap<number, ReadEntry[]>;
  metrics: MetricsEvent | null;
  store: StoreEvent | null;
  /** The store's last reachability changes (outages and recoveries), oldest first. */
  storeHistory: StoreEvent[];
  /** The latest load run's events (lab 12), oldest first: a new run starts the list again. */
  load: LoadEvent[];
  /** Notices such as events missed while away. */
  notice: string | null;
}

/** The snapshot's fields that are not lists. */
type ScalarFields = Omit<
  InspectorSnapshot,
  'version' | 'keys' | 'commands' | 'reads' | 'exchanges' | 'caused' | 'readBy'
>;

/** What the model needs from outside: the key pages, and the clock. */
export interface ModelDeps {
  scan: (match: string, cursor: string) => Promise<KeyPage>;
  now: () => number;
}

/**
 * The inspector's state, fed by the event stream and the key pages; components read immutable
 * snapshots (useSyncExternalStore). Bursts of events are coalesced into one snapshot per 30 ms.
 */
export class InspectorModel {
  readonly #deps: ModelDeps;
  readonly #keys = new Map<string, KeyEntry>();
  readonly #listeners = new Set<() => void>();
  #commands: CommandEntry[] = [];
  #reads: ReadEntry[] = [];
  #readBy = new Map<number, ReadEntry[]>();
  readonly #exchanges = new ExchangeList();
  #caused = new Map<number, CommandEntry[]>();
  #seq = 0;
  #matches: (key: string) => boolean = globMatcher('sl:*');
  #snapshot: InspectorSnapshot;
  /** The scalar fields, changed at once; the snapshot takes them at the next publish. */
  readonly #fields: ScalarFields;
  #pending: ReturnType<typeof setTimeout> | undefined;
  #sweep: ReturnType<typeof setTimeout> | undefined;
  #scanToken = 0;
  /** Keys whose row needs its value and size read again. */
  readonly #dirty = new Set<string>();
  /** Keys the stream changed while the current scan ran: its (older) rows must not overwrite them. */
  #changedDuringScan = new Set<string>();

  constructor(deps: ModelDeps) {
    this.#deps = deps;
    this.#fields = {
      stream: 'connecting',
      match: 'sl:*',
      cursor: '0',
      scanning: false,
      scanError: null,
      metrics: null,
      store: null,
      storeHistory: [],
      load: [],
      notice: null,
    };
    this.#snapshot = {
      ...this.#fields,
      version: 0,
      keys: [],
      commands: [],
      reads: [],
      exchanges: [],
      caused: new Map(),
      readBy: new Map(),
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): InspectorSnapshot => this.#snapshot;

  /** Handles one event from the stream (checked against its shared schema; a malformed one is ignored). */
  receive(type: string, data: string): void {
    const schema = INSPECTOR_EVENT_SCHEMAS[type as InspectorEventType];
    if (!schema) return;
    let parsed: unknown;
    try {
      parsed = schema.parse(JSON.parse(data));
    } catch {
      return;
    }
    if (type === 'key') this.#onKey(parsed as KeyEvent);
    else if (type === 'read') this.#onConsoleRead(parsed as ConsoleReadEvent);
    else if (type === 'http') this.#onHttp(parsed as HttpEvent);
    else if (type === 'metrics') this.#update({ metrics: parsed as MetricsEvent });
    else if (type === 'store')
      this.#update({
        store: parsed as StoreEvent,
        storeHistory: [...this.#fields.storeHistory, parsed as StoreEvent].slice(-KEPT_STORE_EVENTS),
      });
    else if (type === 'load') this.#onLoad(parsed as LoadEvent);
    else if (type === 'dropped') {
      const dropped = parsed as { dropped: number | null; reason: string };
      this.#update({
        notice: `${dropped.dropped ?? 'Some'} events were missed (${dropped.reason}); the keys were read again.`,
      });
      void this.rescan();
    }
  }

  /** The stream's state changed. */
  setStream(stream: StreamState): void {
    this.#update({ stream });
  }

  /** Shows only keys matching `match` (a Redis glob) and scans for them from the start. */
  async setMatch(match: string): Promise<void> {
    this.#matches = globMatcher(match);
    this.#update({ match });
    await this.rescan();
  }

  /** Forgets the keys and scans from the start. */
  async rescan(): Promise<void> {
    this.#keys.clear();
    this.#update({ cursor: '0' });
    await this.scanMore(true);
  }

  /** Reads the next page of keys (SCAN from the cursor); `fromStart` begins a new scan. */
  async scanMore(fromStart = false): Promise<void> {
    const token = ++this.#scanToken;
    const match = this.#fields.match;
    this.#changedDuringScan = new Set();
    this.#update({ scanning: true, scanError: null });
    try {
      const page = await this.#deps.scan(match, fromStart ? '0' : this.#fields.cursor);
      if (token !== this.#scanToken) return;
      const now = this.#deps.now();
      for (const row of page.keys) {
        // A key deleted (or changed) while the page was on its way: the event is newer than the row.
        if (this.#changedDuringScan.has(row.key)) continue;
        this.#keys.set(row.key, entryFromRow(row, now, this.#keys.get(row.key)));
      }
      this.#update({ cursor: page.cursor, scanning: false });
    } catch (error) {
      if (token === this.#scanToken) this.#update({ scanning: false, scanError: (error as Error).message });
    }
  }

  /** Takes the keys whose value should be read again (the component reads them and calls `refreshed`). */
  takeDirty(limit: number): string[] {
    const keys = [...this.#dirty].slice(0, limit);
    for (const key of keys) this.#dirty.delete(key);
    return keys;
  }

  /** A key read again: its row, or null when it is gone. */
  refreshed(key: string, row: Omit<KeyRow, 'key'> | null): void {
    const previous = this.#keys.get(key);
    if (!previous || previous.goneAt !== null) return;
    if (!row) {
      this.#keys.set(key, { ...previous, goneAt: this.#deps.now(), goneBy: 'del', pttl: -2 });
      this.#scheduleSweep();
    } else this.#keys.set(key, { ...entryFromRow({ key, ...row }, this.#deps.now(), previous) });
    this.#schedule();
  }

  /** Stops the timers. */
  dispose(): void {
    clearTimeout(this.#pending);
    clearTimeout(this.#sweep);
    this.#listeners.clear();
  }

  #onKey(event: KeyEvent): void {
    const entry: CommandEntry = { ...event, seq: ++this.#seq };
    this.#commands.unshift(entry);
    if (this.#commands.length > KEPT_COMMANDS) this.#commands.length = KEPT_COMMANDS;
    // A new array each time: snapshots already handed out keep theirs unchanged.
    if (typeof event.cause === 'number')
      this.#caused.set(event.cause, [...(this.#caused.get(event.cause) ?? []), entry]);
    // A change in lab 9's instance B's own memory is a command of the log, not a key of the app's store.
    if (event.store === 'b') {
      this.#schedule();
      return;
    }
    this.#changedDuringScan.add(event.key);
    if (this.#matches(event.key)) {
      const next = applyKeyEvent(this.#keys.get(event.key), event, this.#deps.now());
      this.#keys.set(event.key, next);
      if (next.goneAt === null) this.#dirty.add(event.key);
      else this.#dirty.delete(event.key);
      if (next.goneAt !== null) this.#scheduleSweep();
    }
    this.#schedule();
  }

  #onLoad(event: LoadEvent): void {
    const current = this.#fields.load;
    // A run lasts at most 30 s with one event a second: the list stays short.
    this.#update({ load: current[0]?.run === event.run ? [...current, event] : [event] });
  }

  #onConsoleRead(read: ConsoleReadEvent): void {
    this.#reads.unshift({ ...read, seq: ++this.#seq });
    if (this.#reads.length > KEPT_COMMANDS) this.#reads.length = KEPT_COMMANDS;
    this.#schedule();
  }

  #onHttp(event: HttpEvent): void {
    const pushedOut = this.#exchanges.add(event);
    if (event.reads && event.reads.length > 0) {
      const entries = event.reads.map((read) => ({ ...read, cause: event.id, seq: ++this.#seq }));
      this.#readBy.set(event.id, entries);
      this.#reads.unshift(...[...entries].reverse());
      if (this.#reads.length > KEPT_COMMANDS) this.#reads.length = KEPT_COMMANDS;
    }
    for (const old of pushedOut) {
      this.#caused.delete(old.id);
      this.#readBy.delete(old.id);
    }
    this.#schedule();
  }

  #scheduleSweep(): void {
    if (this.#sweep) return;
    this.#sweep = setTimeout(() => {
      this.#sweep = undefined;
      const now = this.#deps.now();
      let left = false;
      for (const [key, entry] of this.#keys) {
        if (entry.goneAt === null) continue;
        if (now - entry.goneAt >= GONE_ROW_MS) this.#keys.delete(key);
        else left = true;
      }
      if (left) this.#scheduleSweep();
      this.#schedule();
    }, GONE_ROW_MS / 3);
  }

  #update(change: Partial<ScalarFields>): void {
    Object.assign(this.#fields, change);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#pending) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#publish();
    }, 30);
  }

  #publish(): void {
    const keys = [...this.#keys.values()].sort(
      (a, b) => (b.appearedAt ?? 0) - (a.appearedAt ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    this.#snapshot = {
      ...this.#fields,
      version: this.#snapshot.version + 1,
      keys,
      commands: [...this.#commands],
      reads: [...this.#reads],
      exchanges: this.#exchanges.list(),
      caused: new Map(this.#caused),
      readBy: new Map(this.#readBy),
    };
    for (const listener of this.#listeners) listener();
  }
}
