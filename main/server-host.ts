import type { Config } from '../server/config.ts';
import type { RunningServer, StartOptions } from '../server/server.ts';
import type { ServerInfo } from '../shared/ipc.ts';

/** `startServer` from server/, or a caller's wrapper around it. */
export type StartServer = (config: Config, options?: StartOptions) => Promise<RunningServer>;

/**
 * Owns the one running server of the desktop app. A restart keeps the port and the lab key, so the window's
 * origin (its cookies and localStorage) and the inspector's key stay valid; only the store and lifetimes change.
 */
export class ServerHost {
  #server: RunningServer | undefined;
  #closed = false;
  readonly #start: StartServer;

  constructor(start: StartServer) {
    this.#start = start;
  }

  /** The running server; throws before {@link ServerHost.launch} or after {@link ServerHost.close}. */
  get server(): RunningServer {
    if (!this.#server) throw new Error('the server is not running');
    return this.#server;
  }

  /** The server's origin (`http://127.0.0.1:<port>`), or null while none runs. */
  get origin(): string | null {
    return this.#server?.url ?? null;
  }

  /** What the window needs to know about the server. */
  info(): ServerInfo {
    const { url, labKey, store, storeReason } = this.server;
    return { url, labKey, store: store.kind, storeReason };
  }

  /** Starts the first server. */
  async launch(config: Config): Promise<RunningServer> {
    this.#server = await this.#start(config);
    return this.#server;
  }

  /**
   * Closes the server and starts it again with `config` on the same port and with the same lab key.
   * If the new config cannot start, the old one is started again and the error is thrown: the learner is
   * never left without a server.
   */
  async restart(config: Config): Promise<RunningServer> {
    const previous = this.server;
    const keep = { labKey: previous.labKey };
    this.#server = undefined;
    await previous.close();
    try {
      this.#server = await this.#start({ ...config, port: previous.port }, keep);
    } catch (error) {
      this.#server = await this.#start({ ...previous.config, port: previous.port }, keep);
      throw error;
    }
    return this.#server;
  }

  /** Closes the server (HTTP first, then its store and accounts). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const server = this.#server;
    this.#server = undefined;
    await server?.close();
  }
}
