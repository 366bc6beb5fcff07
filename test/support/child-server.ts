import { fork, type ChildProcess } from 'node:child_process';
import { stopChild } from './child-exit.ts';

/** A server process of the fault tests' own. */
export interface ChildServer {
  url: string;
  labKey: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown, no flush, whatever was in flight is cut. */
  kill(): Promise<void>;
}

/** Starts `server-child.ts` with these config overrides and waits until it listens. */
export function startChildServer(config: Record<string, unknown>): Promise<ChildServer> {
  const child = fork(new URL('./server-child.ts', import.meta.url).pathname, [JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server process exited with ${code} before it listened`)));
    child.once('message', (message) => {
      const { url, labKey } = message as { url: string; labKey: string };
      resolve({
        url,
        labKey,
        child,
        kill: () => stopChild(child, 'SIGKILL'),
      });
    });
  });
}

/** Waits for a condition, checking every 5 ms; fails after `ms` (nothing in these tests waits without a deadline). */
export async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A cookie login as a browser does it: answers the Cookie header to send back, or null when refused. */
export async function cookieLogin(
  url: string,
  username: string,
  password: string,
): Promise<{ status: number; cookie: string | null; code?: string }> {
  const res = await fetch(`${url}/api/v1/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json().catch(() => null)) as { error?: { code: string } } | null;
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .filter((pair) => pair.startsWith('sl_session'))
    .join('; ');
  return {
    status: res.status,
    cookie: res.status === 200 && cookie ? cookie : null,
    ...(body?.error ? { code: body.error.code } : {}),
  };
}

/** GET /session/me with a Cookie header: the status and error code. */
export async function sessionMe(url: string, cookie: string): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${url}/api/v1/session/me`, { headers: { cookie } });
  const body = (await res.json().catch(() => null)) as { error?: { code: string } } | null;
  return { status: res.status, ...(body?.error ? { code: body.error.code } : {}) };
}
