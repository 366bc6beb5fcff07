import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  corsReportSchema,
  CORS_LAB_HEADER,
  CORS_RUN_MESSAGE,
  type CorsReport,
  type CorsSite,
} from '../../shared/api/lab-cors.ts';
import { API_PATHS } from '../../shared/api/paths.ts';

const NOSNIFF = { 'X-Content-Type-Options': 'nosniff' } as const;
/** How many reports are kept (the oldest go first), and the largest report body read. */
const REPORT_LIMIT = 20;
const REPORT_BYTES = 16_384;

/**
 * The code of a lab 14 page (the same on both sites): asked by the app's window, it calls the app's CORS target
 * twice with `credentials: 'include'` (a simple GET, then one with a custom header, which needs a preflight), shows
 * what the browser let it read, reports that home to its own server (the attacker's report is the loot) and answers
 * the window.
 */
export function corsPageScript(site: CorsSite, appPort: number): string {
  return `// Session Lab, lab 14: the ${site}'s page. It runs on its own origin and asks the app for the signed-in user's data.
(() => {
  const app = ['http://127.0.0.1:${appPort}', 'http://localhost:${appPort}'];
  // The app under the same host name as this page: the same site, so the browser sends the SameSite=Lax cookie.
  const target = 'http://' + location.hostname + ':${appPort}${API_PATHS.labCorsAccount}';
  const attempt = async (init) => {
    try {
      const answer = await fetch(target, { credentials: 'include', ...init });
      return { read: true, status: answer.status, body: (await answer.text()).slice(0, 2000) };
    } catch (error) {
      return { read: false, error: String(error) };
    }
  };
  addEventListener('message', async (event) => {
    if (!app.includes(event.origin) || !event.data || event.data.type !== ${JSON.stringify(CORS_RUN_MESSAGE)}) return;
    const simple = await attempt({});
    const preflighted = await attempt({ headers: { ${JSON.stringify(CORS_LAB_HEADER)}: 'preflight' } });
    const report = { site: ${JSON.stringify(site)}, origin: location.origin, simple, preflighted };
    await fetch('/report', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(report) }).catch(() => {});
    const line = (name, got) => name + ': ' + (got.read ? 'read HTTP ' + got.status + ': ' + got.body : 'could not read the answer (' + got.error + ')');
    document.getElementById('result').textContent = line('Simple GET', simple) + '\\n' + line('GET with ${CORS_LAB_HEADER} (preflighted)', preflighted);
    event.source.postMessage({ type: ${JSON.stringify(CORS_RUN_MESSAGE)}, report }, event.origin);
  });
})();
`;
}

/**
 * Lab 14's two pages of other origins: a partner (the one origin the allowlist names) and an attacker, each a tiny
 * node:http server on a loopback port of its own, started on demand with the lab key and closed with the app's
 * server. Each serves its page at `/` (framed by the app's window only) and takes its page's `/report`. Addressed as
 * `127.0.0.1:<port>`: another origin, but the same site as the window, so SameSite=Lax cookies ride along.
 */
export class CorsSites {
  readonly #servers = new Map<CorsSite, http.Server>();
  readonly #reports: CorsReport[] = [];
  #starting: Promise<void> | undefined;
  #closed = false;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Starts both sites once, for the app on `appPort`. */
  async start(appPort: number): Promise<{ partnerOrigin: string; attackerOrigin: string }> {
    if (this.#closed) throw new Error('the lab 14 sites were closed with the server');
    this.#starting ??= (async () => {
      for (const site of ['partner', 'attacker'] as const) this.#servers.set(site, await this.#listen(site, appPort));
    })();
    await this.#starting;
    return { partnerOrigin: this.origin('partner')!, attackerOrigin: this.origin('attacker')! };
  }

  /** A site's origin (`http://127.0.0.1:<port>`) while it runs, else null. */
  origin(site: CorsSite): string | null {
    const address = this.#servers.get(site)?.address() as AddressInfo | null | undefined;
    return address ? `http://127.0.0.1:${address.port}` : null;
  }

  /** Which site an Origin header names (on either loopback name), if any. */
  siteOf(origin: string): CorsSite | null {
    for (const site of ['partner', 'attacker'] as const) {
      const own = this.origin(site);
      if (own && (origin === own || origin === own.replace('127.0.0.1', 'localhost'))) return site;
    }
    return null;
  }

  /** What the pages reported home, oldest first. */
  reports(): CorsReport[] {
    return [...this.#reports];
  }

  /** Forgets the reports (a lab's reset). */
  forgetReports(): void {
    this.#reports.length = 0;
  }

  /** Closes both servers and their connections. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const servers = [...this.#servers.values()];
    this.#servers.clear();
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  async #listen(site: CorsSite, appPort: number): Promise<http.Server> {
    const server = http.createServer({ requestTimeout: 10_000 }, (req, res) => this.#answer(site, appPort, req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    server.unref();
    return server;
  }

  #answer(site: CorsSite, appPort: number, req: http.IncomingMessage, res: http.ServerResponse): void {
    const port = req.socket.localPort ?? 0;
    const host = (req.headers.host ?? '').toLowerCase();
    const plain = (status: number, text: string): void =>
      void res.writeHead(status, { ...NOSNIFF, 'Content-Type': 'text/plain' }).end(text);
    if (host !== `localhost:${port}` && host !== `127.0.0.1:${port}`) return plain(403, 'not this server');
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/') {
      const nonce = randomBytes(16).toString('base64');
      const app = `http://127.0.0.1:${appPort} http://localhost:${appPort}`;
      res
        .writeHead(200, {
          ...NOSNIFF,
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
          'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; connect-src 'self' ${app}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors ${app}`,
        })
        .end(corsPage(site, nonce, corsPageScript(site, appPort)));
      return;
    }
    if (req.method === 'POST' && path === '/report') return this.#record(site, req, res);
    plain(404, 'not found');
  }

  #record(site: CorsSite, req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= REPORT_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        // Not JSON: refused below.
      }
      const report = corsReportSchema.safeParse({ ...(parsed as object), at: this.#now(), site });
      if (size > REPORT_BYTES || !report.success) {
        res.writeHead(400, { ...NOSNIFF, 'Content-Type': 'text/plain' }).end('not a report');
        return;
      }
      this.#reports.push(report.data);
      if (this.#reports.length > REPORT_LIMIT) this.#reports.shift();
      res.writeHead(204, NOSNIFF).end();
    });
  }
}

function corsPage(site: CorsSite, nonce: string, script: string): string {
  const who =
    site === 'partner'
      ? "the partner's page: the one origin the allowlist may name"
      : "the attacker's page: any site you happen to visit";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lab 14: ${site}</title></head>
<body style="font: 14px system-ui, sans-serif; margin: 8px"><p><strong>${who}</strong> (Session Lab, lab 14, another origin on the same site).</p>
<pre id="result" style="white-space: pre-wrap; margin: 0">Waiting for the lab to run its requests…</pre>
<script nonce="${nonce}">${script}</script>
</body></html>`;
}
