import { api, type ApiError } from '../api/client.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { describeExchange, errorCode, exchanges, requestHeader } from './evidence.ts';
import { denylistBefore } from './denylist-evidence.ts';
import { signInBoth, signOutBoth } from './lab-actions.ts';
import type { Evidence, Lab, LabContext } from './lab-types.ts';
import { restoreTokenSettings, switchTokenSettings } from './token-switches.ts';
import { sessionCookieName, sessionCookieValue } from '../api/session-cookie-name.ts';

const OUTAGE_MS = 8_000;

/** The outage as the store reported it: from its `outage` event to the next `recovered` (open while none came). */
function outageWindow(evidence: Evidence): { from: number; until: number } | null {
  const outage = evidence.storeEvents.find((event) => event.event === 'outage');
  if (!outage) return null;
  const recovered = evidence.storeEvents.find((event) => event.event === 'recovered' && event.at >= outage.at);
  return { from: outage.at, until: recovered?.at ?? Number.POSITIVE_INFINITY };
}

const during = (exchange: HttpEvent, window: { from: number; until: number }) =>
  exchange.startedAt >= window.from && exchange.startedAt < window.until;
const sessionCookie = (exchange: HttpEvent) => sessionCookieValue(requestHeader(exchange, 'cookie'));
const setsSessionCookie = (exchange: HttpEvent) => {
  const setCookie = exchange.responseHeaders['set-cookie'] ?? [];
  return (Array.isArray(setCookie) ? setCookie : [setCookie]).some((line) =>
    line.startsWith(`${sessionCookieName()}=`),
  );
};
/** The token call with the token alone (no session cookie), under the denylist setting `value`, during the outage. */
function tokenAlone(evidence: Evidence, status: number, value: 'on' | 'off'): HttpEvent | undefined {
  const window = outageWindow(evidence);
  if (!window) return undefined;
  return exchanges(evidence, {
    path: API_PATHS.tokenData,
    status,
    where: (exchange) =>
      during(exchange, window) &&
      sessionCookie(exchange) === null &&
      (requestHeader(exchange, 'authorization') ?? '').startsWith('Bearer ') &&
      denylistBefore(evidence, exchange.id)?.value === value,
  })[0];
}

/** The token the token half holds; an error when it holds none (log in first). */
function heldToken(context: LabContext): string {
  const token = context.token.held?.access;
  if (!token) throw new Error('The token half holds no token in localStorage: log in first (step 1).');
  return token;
}

/** The answer is the lesson here: a refused call is not a failed step. */
async function tolerate(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if ((error as ApiError).status === undefined) throw error;
  }
}

/** Lab 10: the store goes away; the cookie half answers 503 (not a logout), the token half depends on its denylist. */
export const outageLab: Lab = {
  id: 'outage',
  number: 10,
  title: 'Outage',
  concept: 'Sessions vs JWT: availability',
  switches: ['token-settings'],
  goal: 'Take the session store away for 8 seconds and see what each half does: the cookie session is answered 503 but not logged out, and comes back; the token goes on, unless its denylist needs the store.',
  why: {
    text: 'A store outage must not look like a logout: 503 means try again later and the session comes back with the store. Tokens keep working without the store, until a feature (a denylist) makes them depend on it again.',
    source: {
      label: 'RFC 9110: 503 Service Unavailable',
      url: 'https://www.rfc-editor.org/rfc/rfc9110#name-503-service-unavailable',
    },
  },
  steps: [
    { kind: 'action', id: 'login', label: 'Log in on both sides (alice)', run: (context) => signInBoth(context) },
    {
      kind: 'action',
      id: 'denylist-on',
      label: 'Make sure the denylist is on',
      run: (context) => switchTokenSettings(context, { denylist: 'on' }),
      explain: 'PUT /lab/token-settings',
    },
    {
      kind: 'action',
      id: 'outage',
      label: 'Take the store away for 8 s',
      explain: 'the app’s connection to Redis is closed for 8 s (needs --store redis)',
      run: async (context: LabContext) => void (await api.labStoreOutage.start(context.labKey, OUTAGE_MS)),
    },
    {
      kind: 'action',
      id: 'cookie-during',
      label: 'Ask who you are, with the cookie',
      run: (context) => context.cookie.reload(),
    },
    {
      kind: 'instruction',
      id: 'cookies-too',
      text: 'The server reads the session (from the store) only on the routes that use it: a token call never looks at the session cookie, whatever the browser sends along. The token calls below go without cookies all the same (credentials: "omit"): only the token speaks, and what fails is what the token check itself needs.',
    },
    {
      kind: 'action',
      id: 'token-during',
      label: 'Call the API with the token alone (denylist on: the jti is looked up)',
      run: (context) => tolerate(() => api.token.data(heldToken(context))),
    },
    {
      kind: 'action',
      id: 'denylist-off',
      label: 'Switch the denylist off',
      run: (context) => switchTokenSettings(context, { denylist: 'off' }, { omitCookies: true }),
      explain: 'sent without cookies too',
    },
    {
      kind: 'action',
      id: 'token-no-denylist',
      label: 'Call the API with the token alone again',
      run: (context) => tolerate(() => api.token.data(heldToken(context))),
    },
    {
      kind: 'instruction',
      id: 'wait',
      text: 'Wait for the store banner to say the store is back (about 8 s after you took it away).',
    },
    {
      kind: 'action',
      id: 'cookie-after',
      label: 'Ask again, with the same cookie',
      run: (context) => context.cookie.reload(),
    },
  ],
  checks: [
    {
      id: 'outage',
      label: 'The inspector saw the store go away',
      proof: (evidence) => {
        const outage = evidence.storeEvents.find((event) => event.event === 'outage');
        return outage ? `store event: outage (${outage.lastError ?? 'no answer'})` : null;
      },
    },
    {
      id: 'cookie-503',
      label: 'The cookie request was answered 503 STORE_UNAVAILABLE, and the cookie was not cleared: not a logout',
      proof: (evidence) => {
        const refused = exchanges(evidence, {
          path: `${API_PATHS.session}/*`,
          status: 503,
          code: 'STORE_UNAVAILABLE',
          where: (exchange) => sessionCookie(exchange) !== null && !setsSessionCookie(exchange),
        })[0];
        return refused ? `${describeExchange(refused)}, no Set-Cookie` : null;
      },
    },
    {
      id: 'denylist-needs-store',
      label: 'With the denylist on, the token check needs the store too: 503',
      proof: (evidence) => {
        // Without a session cookie, with the denylist on: the 503 is the token check's own (its denylist lookup).
        const refused = tokenAlone(evidence, 503, 'on');
        return refused && errorCode(refused) === 'STORE_UNAVAILABLE'
          ? `${describeExchange(refused)}, the token alone, denylist on`
          : null;
      },
    },
    {
      id: 'token-goes-on',
      label: 'With the denylist off, the token is checked by its signature alone: 200 while the store is away',
      proof: (evidence) => {
        const served = tokenAlone(evidence, 200, 'off');
        return served ? `${describeExchange(served)}, the token alone, denylist off, during the outage` : null;
      },
    },
    {
      id: 'recovered',
      label: 'Once the store is back, the same cookie is a valid session again: nothing was lost',
      proof: (evidence) => {
        const window = outageWindow(evidence);
        if (!window) return null;
        const refused = exchanges(evidence, { path: `${API_PATHS.session}/*`, status: 503 }).find(
          (exchange) => sessionCookie(exchange) !== null,
        );
        const id = refused && sessionCookie(refused);
        const back =
          id &&
          exchanges(evidence, {
            path: `${API_PATHS.session}/*`,
            status: 200,
            where: (exchange) => exchange.startedAt >= window.until && sessionCookie(exchange) === id,
          })[0];
        // (window.until is infinite until the store has reported its recovery.)
        return back ? `${describeExchange(back)} with the cookie refused during the outage` : null;
      },
    },
  ],
  reset: async (context) => {
    await signOutBoth(context);
    await restoreTokenSettings(context);
  },
};
