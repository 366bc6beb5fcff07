import type http from 'node:http';
import type Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { Closers } from '../closers.ts';
import { closeHttpServer, createHttpServer, listen, LOOPBACK_HOST } from '../http-server.ts';
import { LabInstanceNotRunningError } from '../errors.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import type { KeyStore } from '../store/types.ts';
import type { InstanceStore, SecondInstanceStatus } from '../../shared/api/lab-scale-out.ts';

/** How long a stopping instance lets its requests in flight finish. */
const DRAIN_MS = 1_000;

/** Builds instance B's app over `store`; what it opens it hands to `closers`. */
export type InstanceBuilder = (store: KeyStore, mode: InstanceStore, closers: Closers) => Koa;

interface Running {
  server: http.Server;
  port: number;
  mode: InstanceStore;
  store: KeyStore;
  startedAt: number;
  closers: Closers;
}

/**
 * Lab 9's second instance of the app ("B"): the same app, built by the same factory, listening on another
 * loopback port, as a second server behind a load balancer would. In `shared` mode it is handed the first
 * instance's store (the same Redis, the same SQLite file); in `memory` mode its own empty in-memory store
 * (`:memory:` SQLite), which no other process can reach. Only one runs at a time; starting again restarts it.
 */
export class SecondInstance {
  readonly #build: InstanceBuilder;
  readonly #shared: KeyStore;
  readonly #now: () => number;
  #running: Running | undefined;
  /** Starts and stops run one after the other. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(options: { build: InstanceBuilder; sharedStore: KeyStore; now: () => number }) {
    this.#build = options.build;
    this.#shared = options.sharedStore;
    this.#now = options.now;
  }

  /** The port B listens on, or null when it is not running. */
  get port(): number | null {
    return this.#running?.port ?? null;
  }

  status(): SecondInstanceStatus {
    const running = this.#running;
    if (!running) return { running: false, url: null, port: null, store: null, backend: null, startedAt: null };
    return {
      running: true,
      url: `http://${LOOPBACK_HOST}:${running.port}`,
      port: running.port,
      store: running.mode,
      backend: running.store.kind,
      startedAt: running.startedAt,
    };
  }

  /** Starts B with this store (a running B is stopped first: a new app on a new port, with a new memory). */
  start(mode: InstanceStore): Promise<SecondInstanceStatus> {
    return this.#serial(async () => {
      if (this.#closed) throw new LabInstanceNotRunningError('The server is closing: instance B cannot start now');
      await this.#stop();
      const store = mode === 'shared' ? this.#shared : new SqliteStore({ file: ':memory:' });
      const closers = new Closers();
      if (mode === 'memory') closers.add(() => store.close());
      let server: http.Server;
      try {
        server = createHttpServer(this.#build(store, mode, closers));
        await listen(server, 0);
      } catch (error) {
        await closers.closeAll();
        throw error;
      }
      const { port } = server.address() as AddressInfo;
      this.#running = { server, port, mode, store, startedAt: this.#now(), closers };
      return this.status();
    });
  }

  /** Stops B (nothing when it is not running). */
  stop(): Promise<SecondInstanceStatus> {
    return this.#serial(async () => {
      await this.#stop();
      return this.status();
    });
  }

  /** Stops B for good (the first instance is closing). */
  close(): Promise<unknown> {
    this.#closed = true;
    return this.stop();
  }

  async #stop(): Promise<void> {
    const running = this.#running;
    if (!running) return;
    this.#running = undefined;
    await closeHttpServer(running.server, DRAIN_MS);
    await running.closers.closeAll();
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task);
    this.#queue = result.catch(() => {});
    return result;
  }
}
