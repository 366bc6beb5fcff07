import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeHttpServer, createHttpServer, listen, LOOPBACK_HOST } from '../http-server.ts';
import { API_PATHS } from '../../shared/api/paths.ts';
import { XSS_PAGE_PATH } from '../../shared/api/lab-attacks.ts';

/** What the lab 5 site answers: its vulnerable page, and what that page's own code and the injected script call. */
const SITE_ROUTES: ReadonlySet<string> = new Set([
  `GET ${XSS_PAGE_PATH}`,
  `POST ${API_PATHS.tokenLogin}`,
  `POST ${API_PATHS.tokenLogout}`,
  `GET ${API_PATHS.tokenData}`,
]);

/**
 * Lab 5's site: the app itself, answering on a loopback port of its own (another origin), but only the
 * deliberately vulnerable page and the token routes that page and the injected script use; everything else
 * there is 404. An injected script runs with this origin's storage, never the window's, where the lab key lives.
 * Cookies are not kept apart by port on plain HTTP, so the browser still sends the app's HttpOnly session cookie
 * here: what the lab shows (a script cannot read it; the browser sends it anyway). Started on demand with the
 * lab key, stopped when the lab resets, closed with the server.
 */
export class XssSite {
  readonly #handler: () => http.RequestListener;
  #server: http.Server | undefined;
  #starting: Promise<string> | undefined;
  #appPort: number | null = null;
  #closed = false;

  /** `handler`: the app's own request handler, asked for when the site first starts (the app is complete by then). */
  constructor(handler: () => http.RequestListener) {
    this.#handler = handler;
  }

  /** The port it answers on, or null while it is not running. */
  get port(): number | null {
    const address = this.#server?.address() as AddressInfo | null | undefined;
    return address ? address.port : null;
  }

  /** `http://127.0.0.1:<port>` while it runs, else null. */
  get url(): string | null {
    const port = this.port;
    return port === null ? null : `http://${LOOPBACK_HOST}:${port}`;
  }

  /** The port of the app's own origin that started it: the only one whose pages may frame the site. */
  get appPort(): number | null {
    return this.#appPort;
  }

  /** Starts it once (later calls answer the same URL); `appPort` is the app's own port, whose window frames it. */
  start(appPort: number): Promise<string> {
    if (this.#closed) return Promise.reject(new Error('the lab 5 site was closed with the server'));
    this.#appPort = appPort;
    this.#starting ??= this.#listen();
    return this.#starting;
  }

  /** Stops it (a lab reset); a later start opens a new port, so a new origin with empty storage. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#starting = undefined;
    if (server) await closeHttpServer(server, 200);
  }

  /** Stops it for good. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.stop();
  }

  async #listen(): Promise<string> {
    const app = this.#handler();
    const server = createHttpServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (SITE_ROUTES.has(`${req.method} ${path}`)) {
        app(req, res);
        return;
      }
      const body = JSON.stringify({
        error: { code: 'NOT_FOUND', message: `The lab 5 site serves only ${[...SITE_ROUTES].join(', ')}` },
      });
      res
        .writeHead(404, {
          'Content-Type': 'application/json; charset=utf-8',
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        })
        .end(body);
    });
    try {
      await listen(server, 0);
    } catch (error) {
      this.#starting = undefined;
      throw error;
    }
    // It must never keep the process alive by itself.
    server.unref();
    this.#server = server;
    return this.url!;
  }
}
