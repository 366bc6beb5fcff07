import { request, type IncomingHttpHeaders } from 'node:http';
import { API_PATHS } from '../../shared/api/paths.ts';
import { REPLAY_HEADER } from '../../shared/api/lab.ts';
import { CSRF_HEADER } from '../../shared/api/session.ts';
import { LabLoadLoginFailedError } from '../errors.ts';

/** What one loopback call got back. */
export interface LoopbackAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | null;
}

/** One JSON request to this server's own loopback port, marked as the server's own (the panels skip it; the log records it). */
export function callLoopback(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: object,
): Promise<LoopbackAnswer> {
  const payload = body ? JSON.stringify(body) : undefined;
  const all: Record<string, string> = {
    ...headers,
    [REPLAY_HEADER]: '1',
    ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
  };
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, method, path, headers: all, agent: false, timeout: 10_000 },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', reject);
        answer.on('end', () => {
          let parsed: Record<string, unknown> | null = null;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            // No JSON body (a 204).
          }
          resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body: parsed });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path} had no answer`)));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** The `name=value` pairs of an answer's Set-Cookie headers, as a Cookie header. */
export function cookieHeader(headers: IncomingHttpHeaders): string {
  return (headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!).join('; ');
}

/** The credentials a load run sends, as request headers, and how to end each. */
export interface LoadCredentials {
  /** `Cookie` of a cookie-session login. */
  session?: { headers: Record<string, string>; csrf: string };
  /** `Authorization: Bearer …` of a token login (or its cookie and CSRF token, when the token is delivered in one). */
  token?: { headers: Record<string, string>; csrf?: string };
}

function answered(what: string, answer: LoopbackAnswer): string {
  const code = (answer.body?.error as { code?: string } | undefined)?.code;
  return `the load's ${what} was answered ${answer.status}${code ? ` ${code}` : ''}`;
}

/**
 * Real logins through HTTP on the loopback port (the exchange log shows them): a cookie session, a token, or both,
 * written into `credentials` as each succeeds, so that what began is there to log out even when a later one fails
 * (a {@link LabLoadLoginFailedError}).
 */
export async function loginForLoad(
  port: number,
  account: { username: string; password: string },
  want: { session: boolean; token: boolean },
  credentials: LoadCredentials,
): Promise<void> {
  if (want.session) {
    const answer = await callLoopback(
      port,
      'POST',
      API_PATHS.sessionLogin,
      {},
      { username: account.username, password: account.password },
    );
    if (answer.status !== 200) throw new LabLoadLoginFailedError(answered('cookie login', answer));
    const csrf = String((answer.body?.session as { csrfToken?: string } | undefined)?.csrfToken ?? '');
    credentials.session = { headers: { cookie: cookieHeader(answer.headers) }, csrf };
  }
  if (want.token) {
    const answer = await callLoopback(
      port,
      'POST',
      API_PATHS.tokenLogin,
      {},
      { username: account.username, password: account.password },
    );
    if (answer.status !== 200) throw new LabLoadLoginFailedError(answered('token login', answer));
    const access = answer.body?.access_token;
    const csrf = answer.body?.csrf_token;
    credentials.token =
      typeof access === 'string'
        ? { headers: { authorization: `Bearer ${access}` } }
        : { headers: { cookie: cookieHeader(answer.headers) }, ...(typeof csrf === 'string' ? { csrf } : {}) };
  }
}

/**
 * Ends what {@link loginForLoad} began, with real logouts as the app's own page sends them (its Origin, and the
 * CSRF token a cookie needs). Returns what could not be ended, one line each (empty when everything was).
 */
export async function logoutAfterLoad(port: number, credentials: LoadCredentials): Promise<string[]> {
  const origin = { origin: `http://127.0.0.1:${port}` };
  const tasks: { what: string; answer: Promise<LoopbackAnswer> }[] = [];
  if (credentials.session) {
    tasks.push({
      what: 'cookie logout',
      answer: callLoopback(port, 'POST', API_PATHS.sessionLogout, {
        ...credentials.session.headers,
        ...origin,
        [CSRF_HEADER]: credentials.session.csrf,
      }),
    });
  }
  if (credentials.token) {
    const csrf: Record<string, string> = credentials.token.csrf ? { [CSRF_HEADER]: credentials.token.csrf } : {};
    tasks.push({
      what: 'token logout',
      answer: callLoopback(port, 'POST', API_PATHS.tokenLogout, { ...credentials.token.headers, ...origin, ...csrf }),
    });
  }
  const problems: string[] = [];
  for (const { what, answer } of tasks) {
    try {
      const got = await answer;
      if (got.status !== 204) problems.push(answered(what, got));
    } catch (error) {
      problems.push(`the load's ${what} failed: ${(error as Error).message}`);
    }
  }
  return problems;
}
