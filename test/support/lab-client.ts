import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import request from 'supertest';
import { createHttpServer } from '../../server/http-server.ts';

/** A listening app for the tests of one file. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves an app on 127.0.0.1, port 0. */
export async function serve(app: Koa): Promise<Served> {
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser, as far as the server can tell: it keeps its cookies, sends its Origin and user agent,
 * and echoes the CSRF token it was given on every change.
 */
export class LabClient {
  readonly agent: ReturnType<typeof request.agent>;
  readonly url: string;
  csrf = '';
  userAgent: string;

  constructor(url: string, userAgent = 'LabClient/1.0') {
    this.url = url;
    this.agent = request.agent(url);
    this.userAgent = userAgent;
  }

  /** Logs in; keeps the CSRF token of the answer. */
  async login(username: string, password: string): Promise<request.Response> {
    const res = await this.post('/api/v1/session/login', { username, password });
    if (res.status === 200) this.csrf = res.body.session.csrfToken;
    return res;
  }

  get(path: string): request.Test {
    return this.agent.get(path).set('User-Agent', this.userAgent);
  }

  post(path: string, body?: object): request.Test {
    const req = this.agent
      .post(path)
      .set('User-Agent', this.userAgent)
      .set('Origin', this.url)
      .set('X-CSRF-Token', this.csrf);
    return body ? req.send(body) : req;
  }

  put(path: string, body: object): request.Test {
    return this.agent
      .put(path)
      .set('User-Agent', this.userAgent)
      .set('Origin', this.url)
      .set('X-CSRF-Token', this.csrf)
      .send(body);
  }

  delete(path: string): request.Test {
    return this.agent
      .delete(path)
      .set('User-Agent', this.userAgent)
      .set('Origin', this.url)
      .set('X-CSRF-Token', this.csrf);
  }

  /** The session id in this client's cookie jar. */
  sid(): string | undefined {
    return this.cookie('sl_session');
  }

  /** A cookie's value in the jar. */
  cookie(name: string): string | undefined {
    const jar = (
      this.agent as unknown as { jar: { getCookie(name: string, access: object): { value: string } | undefined } }
    ).jar;
    return jar.getCookie(name, { domain: '127.0.0.1', path: '/', secure: false, script: false })?.value;
  }
}
