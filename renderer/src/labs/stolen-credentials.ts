import { API_PATHS } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { api } from '../api/client.ts';
import { exchanges, requestHeader } from './evidence.ts';
import type { Evidence, LabContext } from './lab-types.ts';

/**
 * What an attacker who stole them would hold: the copies made by the labs' "keep a copy" steps. Module
 * state, so a copy outlives the Labs tab's re-renders and a visit to another tab; a reset forgets them.
 */
export const stolenCopies: { cookie: string | null; token: string | null } = { cookie: null, token: null };

/** Forgets the copies (a lab's reset). */
export function forgetCopies(): void {
  stolenCopies.cookie = null;
  stolenCopies.token = null;
}

/**
 * The signed cookie out of a Cookie header or a list of Set-Cookie lines: `name=value; name.sig=…`
 * (the session cookie is the one that travels with a `.sig` signature), or null when there is none.
 */
export function signedCookie(lines: string | string[]): string | null {
  const pairs = (Array.isArray(lines) ? lines.map((line) => line.split(';')[0]!) : lines.split(';')).map((pair) =>
    pair.trim(),
  );
  for (const pair of pairs) {
    const name = pair.slice(0, pair.indexOf('='));
    const signature = pairs.find((candidate) => candidate.startsWith(`${name}.sig=`));
    if (name && !name.endsWith('.sig') && signature) return `${pair}; ${signature}`;
  }
  return null;
}

/** The highest exchange id in the evidence so far (-1 for none): what came later is newer. */
function lastExchangeId(evidence: Evidence): number {
  return evidence.exchanges.reduce((highest, exchange) => Math.max(highest, exchange.id), -1);
}

/** Waits until the inspector's stream has shown what `find` looks for (a request's own exchange arrives just after its answer). */
async function awaitEvidence<T>(
  context: LabContext,
  find: (evidence: Evidence) => T | undefined,
  what: string,
  timeoutMs = 4_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find(context.evidence());
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`The inspector's stream did not show ${what} (is the lab key in the URL?)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Copies the session cookie as the browser really sends it: asks the server who this is (GET
 * /session/me) and takes that request's Cookie header from the exchange log. A page cannot read the
 * HttpOnly cookie itself; an attacker with the network, the disk or a proxy can.
 */
export async function copySessionCookie(context: LabContext): Promise<string> {
  const before = lastExchangeId(context.evidence());
  await context.cookie.reload();
  const me: HttpEvent = await awaitEvidence(
    context,
    (evidence) => exchanges(evidence, { method: 'GET', path: API_PATHS.sessionMe, after: before }).at(-1),
    'the GET /session/me just made',
  );
  const cookie = me.status === 200 ? signedCookie(requestHeader(me, 'cookie') ?? '') : null;
  if (!cookie) throw new Error('The browser sends no live session cookie: log in with a cookie session first');
  stolenCopies.cookie = cookie;
  return `Kept a copy of the Cookie header exchange #${me.id} sent: ${cookie.length > 60 ? `${cookie.slice(0, 60)}…` : cookie} (as an attacker who saw it would)`;
}

/** Copies the access token the page keeps in localStorage (where any script on the page can read it). */
export function copyAccessToken(context: LabContext): string {
  const token = context.token.held?.access;
  if (!token) {
    throw new Error(
      context.token.held
        ? 'The token is in an HttpOnly cookie (delivery: cookie): switch the delivery back to body in the token panel'
        : 'There is no token: log in for a token first',
    );
  }
  stolenCopies.token = token;
  return `Kept a copy of the token in localStorage: ${token.slice(0, 16)}…${token.slice(-8)} (as a script on the page could; no request needed)`;
}

/** Replays a copy: the server sends `GET path` to itself with exactly this Cookie or Authorization header. */
export async function replayCopy(
  context: LabContext,
  path: string,
  header: { cookie: string } | { authorization: string },
): Promise<void> {
  await api.lab.replay(context.labKey, { method: 'GET', path, ...header });
}
