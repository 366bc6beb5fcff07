import type { Config } from '../server/config.ts';
import type { RunningServer, StartOptions } from '../server/server.ts';
import type { ServerInfo } from '../shared/ipc.ts';

/** `startServer` from server/, or a caller's wrapper around it. */
export type StartServer = (config: Config, options?: StartOptions) => Promise<RunningServer>;

/** A restart failed and so did starting the old config again: there is no server any more. */
export class ServerLostError extends Error {
  constructor(restartError: unknown, fallbackError: unknown) {
    super(
      `the server could not restart (${(restartError as Error).message}), nor start again as it was (${(fallbackError as Error).message})`,
      { cause: fallbackError },
    );
    this.name = 'ServerLostError';
  }
}

/**
 * Owns the one running server of the desktop app. A restart keeps the port and the lab key, so the window's
 * origin (its cookies and localStorage) and the inspector's key stay valid; only the store and lifetimes change.
 * The origin stays the same during a restart too (the window's guards and IPC sender check read it).
 */
export class ServerHost {
  readonly #start: StartServer;
  #server: RunningServer | undefined;
  #origin: string | null = null;
  /** The launch or restart under way (settled when none is). */
  #work: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;

  constructor(start: StartServer) {
    this.#start = start;
  }

  /** The running server; throws before {@link ServerHost.launch}, during a restart, or after {@link ServerHost.close}. */
  get server(): RunningServer {
    if (!this.#server) throw new Error('the server is not running');
    return this.#server;
  }

  /** The server's origin (`http://127.0.0.1:<port>`) from launch to close, restarts included; null otherwise. */
  get origin(): string | null {
    return this.#origin;
  }

  /** The running server once no launch or restart is under way (one that starts while waiting is waited for too). */
  async running(): Promise<RunningServer> {
    for (;;) {
      const work = this.#work;
      await work;
      if (this.#work === work) return this.server;
    }
  }

  /** What the window needs to know about the server, once no launch or restart is under way. */
  async info(): Promise<ServerInfo> {
    const { url, labKey, store, storeReason } = await this.running();
    return { url, labKey, store: store.kind, storeReason };
  }

  /** Starts the first server. */
  launch(config: Config): Promise<RunningServer> {
    return this.#track(async () => {
      this.#server = await this.#start(config);
      this.#origin = this.#server.url;
      return this.#server;
    });
  }

  /**
   * Closes the server and starts it again with `config` on the same port and with the same lab key. If the new
   * config cannot start, the old one is started again and the error is thrown: the learner keeps a server. If
   * that fails too, a {@link ServerLostError} is thrown.
   */
  restart(config: Config): Promise<RunningServer> {
    if (this.#closing) return Promise.reject(new Error('the app is quitting'));
    return this.#track(async () => {
      const previous = this.server;
      const keep = { labKey: previous.labKey };
      this.#server = undefined;
      await previous.close();
      try {
        this.#server = await this.#start({ ...config, port: previous.port }, keep);
      } catch (error) {
        try {
          // Back on the old store as it is: a launch's --migrate-sessions must not copy over it again.
          this.#server = await this.#start({ ...previous.config, port: previous.port, migrateSessions: 'off' }, keep);
        } catch (fallbackError) {
          this.#origin = null;
          throw new ServerLostError(error, fallbackError);
        }
        throw error;
      }
      return this.#server;
    });
  }

  /** Waits for a launch or restart under way, then closes the server (HTTP first, then its store and accounts). Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#work;
      const server = this.#server;
      this.#server = undefined;
      this.#origin = null;
      await server?.close();
    })();
    return this.#closing;
  }

  #track<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#work.then(work);
    this.#work = run.catch(() => undefined);
    return run;
  }
}
