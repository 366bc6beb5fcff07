import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LootReport } from '../../shared/api/lab-attacks.ts';
import { forgedFormPage, PIXEL, stealScript } from './evil-pages.ts';

/** On every answer: a browser takes each as the type it says, never as what its bytes look like. */
const NOSNIFF = { 'X-Content-Type-Options': 'nosniff' } as const;
/** How many loot reports are kept (the oldest go first). */
const LOOT_LIMIT = 20;
/** The longest value of a loot field kept. */
const FIELD_LIMIT = 512;

/** The evil origin's two names: another site (`localhost`) and the same site on another port (`127.0.0.1`). */
export interface EvilOriginUrls {
  url: string;
  sameSiteUrl: string;
}

/**
 * The attacker's server of labs 5 and 6: a tiny node:http server on another loopback port, started on demand
 * and closed with the app's server. It serves `/steal.js` (lab 5's script), records `/loot` beacons, and
 * serves `/forged-form` (lab 6's auto-submitting form to the app) and `/jwks.json` (the key set of the JWT labs' jku
 * attack, once one was put). It answers only its own loopback names.
 */
export class EvilOrigin {
  #server: http.Server | undefined;
  #starting: Promise<EvilOriginUrls> | undefined;
  #closed = false;
  readonly #loot: LootReport[] = [];
  /** The key set it serves at `/jwks.json` (the jku attack), or null while none was put. */
  #jwks: { keys: Record<string, unknown>[] } | null = null;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Starts the server once (later calls answer the same URLs); `appOrigin` is where its forged form posts. */
  start(appOrigin: string): Promise<EvilOriginUrls> {
    if (this.#closed) return Promise.reject(new Error('the evil origin was closed with the server'));
    this.#starting ??= this.#listen(appOrigin);
    return this.#starting;
  }

  /** Its URLs while it runs, else null. */
  get urls(): EvilOriginUrls | null {
    const address = this.#server?.address() as AddressInfo | null | undefined;
    return address ? urlsOf(address.port) : null;
  }

  /** What the evil script reported home, oldest first. */
  loot(): LootReport[] {
    return [...this.#loot];
  }

  /** Forgets the loot (a lab's reset). */
  forgetLoot(): void {
    this.#loot.length = 0;
  }

  /** Serves `keys` at `/jwks.json` from now on; null serves none again (404). */
  serveJwks(keys: Record<string, unknown>[] | null): void {
    this.#jwks = keys === null ? null : { keys };
  }

  /** Closes the server and its connections. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async #listen(appOrigin: string): Promise<EvilOriginUrls> {
    const server = http.createServer({ requestTimeout: 10_000 }, (req, res) => this.#answer(appOrigin, req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    // It must never keep the process alive by itself.
    server.unref();
    this.#server = server;
    return this.urls!;
  }

  #answer(appOrigin: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const port = (req.socket.localPort ?? 0).toString();
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `localhost:${port}` && host !== `127.0.0.1:${port}`) {
      res.writeHead(403, { ...NOSNIFF, 'Content-Type': 'text/plain' }).end('not this server');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      // A request target no URL parser takes (`GET http://a:99999/`): a plain http handler that threw here would take the whole process down.
      res.writeHead(400, { ...NOSNIFF, 'Content-Type': 'text/plain' }).end('not a request target');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { ...NOSNIFF, 'Content-Type': 'text/plain' }).end('GET only');
    } else if (url.pathname === '/steal.js') {
      res
        .writeHead(200, { ...NOSNIFF, 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' })
        .end(stealScript(`http://${host}`));
    } else if (url.pathname === '/loot') {
      this.#record(url.searchParams);
      res.writeHead(200, { ...NOSNIFF, 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' }).end(PIXEL);
    } else if (url.pathname === '/jwks.json' && this.#jwks) {
      res
        .writeHead(200, { ...NOSNIFF, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        .end(JSON.stringify(this.#jwks));
    } else if (url.pathname === '/forged-form') {
      res
        .writeHead(200, { ...NOSNIFF, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
        .end(forgedFormPage(appOrigin));
    } else {
      res.writeHead(404, { ...NOSNIFF, 'Content-Type': 'text/plain' }).end('not found');
    }
  }

  #record(query: URLSearchParams): void {
    const field = (name: string) => (query.get(name) ?? '').slice(0, FIELD_LIMIT);
    const status = Number.parseInt(field('status'), 10);
    this.#loot.push({
      at: this.#now(),
      token: field('token'),
      cookie: field('cookie'),
      status: Number.isFinite(status) ? status : 0,
    });
    if (this.#loot.length > LOOT_LIMIT) this.#loot.shift();
  }
}

function urlsOf(port: number): EvilOriginUrls {
  return { url: `http://localhost:${port}`, sameSiteUrl: `http://127.0.0.1:${port}` };
}
