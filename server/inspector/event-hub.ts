import type { Writable } from 'node:stream';

/** One event of the inspector's stream. */
export interface InspectorEvent {
  id: number;
  type: 'key' | 'read' | 'http' | 'store' | 'metrics' | 'dropped' | 'load';
  data: unknown;
}

/** One listening client: its stream, and how many events it could not take. */
interface Client {
  out: Writable;
  dropped: number;
}

/** Events kept for new clients at most; the rest are counted in a `dropped` notice. */
const FOR_NEW_CLIENTS_MAX = 2_000;

/** How an event is published. */
export interface PublishOptions {
  /**
   * Also keep it (up to 2,000 such events) for every client that connects later without `Last-Event-ID`: a window
   * opened after the event still sees it. For what happens before any window can watch (a start-up migration).
   */
  forNewClients?: boolean;
}

/** The limits of the hub. */
export interface HubLimits {
  /** Events kept for `Last-Event-ID` resumption. */
  ringSize: number;
  /** Bytes a slow client may have waiting before its events are dropped (and counted). */
  maxBufferedBytes: number;
}

/**
 * The inspector's one push channel: numbered events, the last `ringSize` kept so a client can resume
 * with Last-Event-ID, written as Server-Sent Events to every client. A client that cannot keep up is
 * not buffered without bound: its events are dropped and it gets a `dropped` notice with the count.
 */
export class EventHub {
  readonly #limits: HubLimits;
  /**
   * A circular buffer: slot (id - 1) % ringSize holds event `id`'s frame while it is among the last ringSize. Frames,
   * not events: an event's tree of objects (an exchange's headers, bodies, reads) kept alive for thousands of events
   * cost the garbage collector more per request than anything else the app did; one flat string costs it little.
   */
  readonly #ring: (string | undefined)[];
  readonly #clients = new Set<Client>();
  /** The frames every new client gets first (see {@link PublishOptions.forNewClients}), and the last one's id. */
  readonly #forNewClients: string[] = [];
  #forNewClientsLastId = 0;
  #forNewClientsDropped = 0;
  #nextId = 1;
  #closed = false;

  constructor(limits: HubLimits) {
    this.#limits = limits;
    this.#ring = new Array<string | undefined>(limits.ringSize);
  }

  /** Adds an event, keeps it in the ring and sends it to every client; returns its id. */
  publish(type: InspectorEvent['type'], data: unknown, options: PublishOptions = {}): number {
    return this.publishJson(type, JSON.stringify(data), options);
  }

  /** {@link publish} for data its caller has serialised already (once, however many windows listen). */
  publishJson(type: InspectorEvent['type'], json: string, options: PublishOptions = {}): number {
    const id = this.#nextId++;
    const frame = frameOf(id, type, json);
    this.#ring[(id - 1) % this.#limits.ringSize] = frame;
    if (options.forNewClients) {
      if (this.#forNewClients.length < FOR_NEW_CLIENTS_MAX) {
        this.#forNewClients.push(frame);
        this.#forNewClientsLastId = id;
      } else this.#forNewClientsDropped++;
    }
    for (const client of this.#clients) this.#send(client, id, frame);
    return id;
  }

  /**
   * Adds a client. With `lastEventId` it first gets every kept event after that id; when some were
   * already pushed out of the ring, a `dropped` notice says how many it missed.
   */
  attach(out: Writable, lastEventId?: number): () => void {
    if (this.#closed) {
      out.end();
      return () => {};
    }
    const client: Client = { out, dropped: 0 };
    // A fresh window (no Last-Event-ID) first gets what happened before anyone could watch: a start-up migration.
    if (lastEventId === undefined) {
      for (const frame of this.#forNewClients) out.write(frame);
      if (this.#forNewClientsDropped > 0)
        out.write(
          format({
            id: this.#forNewClientsLastId,
            type: 'dropped',
            data: { dropped: this.#forNewClientsDropped, reason: 'more start-up events than are kept for new windows' },
          }),
        );
    }
    // An id from before this server started (its ids begin again at 1): nothing can be replayed.
    if (lastEventId !== undefined && lastEventId >= this.#nextId) {
      out.write(
        format({
          id: this.#nextId - 1,
          type: 'dropped',
          data: { dropped: null, reason: 'the server restarted; reload the keys' },
        }),
      );
    }
    if (lastEventId !== undefined && lastEventId < this.#nextId - 1) {
      const newest = this.#nextId - 1;
      const oldest = Math.max(1, newest - this.#limits.ringSize + 1);
      if (lastEventId + 1 < oldest)
        out.write(
          format({
            id: oldest - 1,
            type: 'dropped',
            data: { dropped: oldest - 1 - lastEventId, reason: 'older than the replay buffer' },
          }),
        );
      for (let id = Math.max(lastEventId + 1, oldest); id <= newest; id++)
        out.write(this.#ring[(id - 1) % this.#limits.ringSize]!);
    }
    this.#clients.add(client);
    const detach = () => this.#clients.delete(client);
    out.once('close', detach);
    return detach;
  }

  /** Writes an SSE comment to every client (keeps proxies and idle timers from closing the stream). */
  heartbeat(): void {
    for (const client of this.#clients) client.out.write(': heartbeat\n\n');
  }

  /** The number of connected clients. */
  get clientCount(): number {
    return this.#clients.size;
  }

  /** Ends every client's stream (the server is closing); later clients are ended at once. */
  close(): void {
    this.#closed = true;
    for (const client of this.#clients) client.out.end();
    this.#clients.clear();
  }

  #send(client: Client, id: number, frame: string): void {
    if (client.out.writableLength > this.#limits.maxBufferedBytes) {
      client.dropped++;
      return;
    }
    if (client.dropped > 0) {
      client.out.write(
        format({
          id: id - 1,
          type: 'dropped',
          data: { dropped: client.dropped, reason: 'the client did not keep up' },
        }),
      );
      client.dropped = 0;
    }
    client.out.write(frame);
  }
}

/** An event as an SSE frame. */
export function format(event: InspectorEvent): string {
  return frameOf(event.id, event.type, JSON.stringify(event.data));
}

function frameOf(id: number, type: InspectorEvent['type'], json: string): string {
  return `id: ${id}\nevent: ${type}\ndata: ${json}\n\n`;
}
