import { api, type ApiError } from '../api/client.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import type { CommandEntry } from '../inspector/inspector-model.ts';
import { causedBy, describeExchange, exchanges, requestHeader } from './evidence.ts';
import { cookieLogin, signInBoth, signOutBoth } from './lab-actions.ts';
import type { Evidence, Lab, LabContext } from './lab-types.ts';
import { restoreTokenSettings, switchTokenSettings } from './token-switches.ts';
import { KEY_PREFIXES } from '../../../shared/key-names.ts';

const SESSION_KEY = KEY_PREFIXES.session;
/** The lab's lifetimes: short enough to watch, long enough to act. */
const SHORT = { idleTtlMs: 6_000, absoluteTtlMs: 15_000, touchMs: 1_000 };
const SHORT_ACCESS_TTL_MS = 5_000;
/** How often "keep the session busy" asks, and for how long at most. */
const BUSY_EVERY_MS = 2_000;
const BUSY_FOR_MS = 30_000;

async function shortLifetimes(context: LabContext): Promise<void> {
  await api.sessionSettings.change(context.labKey, SHORT);
  await switchTokenSettings(context, { accessTtlMs: SHORT_ACCESS_TTL_MS });
}

/** Asks /session/me every 2 s until the server refuses (the session ended) or 30 s passed. */
async function keepBusy(context: LabContext): Promise<void> {
  const until = Date.now() + BUSY_FOR_MS;
  try {
    while (Date.now() < until) {
      await api.session.me();
      await new Promise((resolve) => setTimeout(resolve, BUSY_EVERY_MS));
    }
  } catch (error) {
    if ((error as ApiError).status !== 401) throw error;
  } finally {
    await context.cookie.reload();
  }
}

/** The idle TTL in force: what the lab's PUT /lab/session-settings answered (the evidence holds it). */
function idleTtl(evidence: Evidence, before: HttpEvent): number | null {
  const change = exchanges(evidence, {
    method: 'PUT',
    path: API_PATHS.labSessionSettings,
    status: 200,
    where: (exchange) => exchange.id < before.id,
  }).at(-1);
  if (!change?.responseBody) return null;
  return (JSON.parse(change.responseBody) as { idleTtlMs?: number }).idleTtlMs ?? null;
}

/** Every write of a session key, by key, with the exchange that made it. */
function sessionWrites(evidence: Evidence): Map<string, { command: CommandEntry; exchange: HttpEvent }[]> {
  const writes = new Map<string, { command: CommandEntry; exchange: HttpEvent }[]>();
  for (const exchange of evidence.exchanges) {
    for (const command of causedBy(evidence, exchange)) {
      if (command.op !== 'set' || !command.key.startsWith(SESSION_KEY)) continue;
      writes.set(command.key, [...(writes.get(command.key) ?? []), { command, exchange }]);
    }
  }
  return writes;
}

const isLogin = (exchange: HttpEvent) => exchange.path.startsWith(API_PATHS.sessionLogin);

/**
 * The session keys that expired, with their writes: which ended idle, which ended at the absolute limit. `idle` is
 * the idle TTL in force when the key was last written (the lab's last settings answer before that write).
 */
function expiries(evidence: Evidence) {
  const writes = sessionWrites(evidence);
  return evidence.commands.flatMap((expired) => {
    const mine = expired.op === 'expired' ? writes.get(expired.key) : undefined;
    if (!mine) return [];
    const last = mine.at(-1)!;
    const idle = idleTtl(evidence, last.exchange);
    return idle === null
      ? []
      : [
          {
            expired,
            renewals: mine.filter((write) => !isLogin(write.exchange)).length,
            sinceLastWrite: expired.at - last.command.at,
            idle,
          },
        ];
  });
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;

/** Lab 4: a session slides while it is used but ends at its absolute lifetime; a token's exp never moves. */
export const expiryLab: Lab = {
  id: 'expiry',
  number: 4,
  title: 'Expiry',
  concept: 'Sessions vs JWT: expiry and renewal',
  switches: ['token-settings', 'session-lifetimes'],
  goal: 'See a used session renew its idle TTL (sliding) yet end at its absolute lifetime, an unused one end when idle, and a token end at its fixed exp however much it is used.',
  why: {
    text: 'An idle timeout limits how long a forgotten, unlocked session stays usable; an absolute timeout limits how long a stolen one does, however busy it is kept. A JWT has only its fixed exp: it cannot be extended without issuing a new token.',
    source: {
      label: 'OWASP Session Management Cheat Sheet: session expiration',
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#session-expiration',
    },
  },
  steps: [
    {
      kind: 'action',
      id: 'short',
      label: 'Make lifetimes short: session idle 6 s, absolute 15 s; access token 5 s',
      run: shortLifetimes,
      explain: 'PUT /lab/session-settings and /lab/token-settings',
    },
    { kind: 'action', id: 'login', label: 'Log in on both sides (alice)', run: (context) => signInBoth(context) },
    {
      kind: 'action',
      id: 'token-now',
      label: 'Call the API with the token',
      run: (context) => context.token.fetchData(),
    },
    {
      kind: 'action',
      id: 'busy',
      label: 'Keep the session busy: GET /session/me every 2 s until the server ends it',
      run: keepBusy,
      explain: 'watch its TTL jump back up in “The store, live”, beside these steps',
    },
    {
      kind: 'instruction',
      id: 'wait-token',
      text: 'The token was used too, but its exp did not move. Once its countdown has passed exp (plus the server’s 5 s clock tolerance):',
    },
    {
      kind: 'action',
      id: 'token-later',
      label: 'Call the API with the same token again',
      run: (context) => context.token.fetchData(),
    },
    {
      kind: 'action',
      id: 'idle',
      label: 'Log in again and leave this session alone',
      run: (context) => cookieLogin(context),
      explain: 'its key expires by its TTL, no request needed',
    },
  ],
  checks: [
    {
      id: 'sliding',
      label: 'Using the session renewed its idle TTL: a request that was not a login wrote the session key again',
      proof: (evidence) => {
        for (const writes of sessionWrites(evidence).values()) {
          const renewal = writes.find((write) => !isLogin(write.exchange));
          if (renewal)
            return `${describeExchange(renewal.exchange)} caused ${renewal.command.command.replace(/'.*'/, "'…'")}`;
        }
        return null;
      },
    },
    {
      id: 'absolute',
      label: 'However busy, the session ended at its absolute lifetime',
      proof: (evidence) => {
        const refused = exchanges(evidence, {
          path: `${API_PATHS.session}/*`,
          status: 401,
          code: 'SESSION_EXPIRED',
        })[0];
        if (refused) return describeExchange(refused);
        const ended = expiries(evidence).find((expiry) => expiry.renewals > 0 && expiry.sinceLastWrite < expiry.idle);
        return ended
          ? `${ended.expired.key.slice(0, 20)}… expired ${seconds(ended.sinceLastWrite)} after its last renewal (idle TTL ${seconds(ended.idle)}): the absolute limit, not idleness`
          : null;
      },
    },
    {
      id: 'idle',
      label: 'A session left alone ended by its idle TTL, with no request',
      proof: (evidence) => {
        const ended = expiries(evidence).find(
          (expiry) => expiry.renewals === 0 && expiry.sinceLastWrite >= expiry.idle - 100,
        );
        return ended
          ? `${ended.expired.key.slice(0, 20)}… expired ${seconds(ended.sinceLastWrite)} after its login, untouched`
          : null;
      },
    },
    {
      id: 'fixed-exp',
      label: 'The token ended at its exp although it was used: the same token got 200, then 401 TOKEN_EXPIRED',
      proof: (evidence) => {
        for (const expired of exchanges(evidence, { path: API_PATHS.tokenData, status: 401, code: 'TOKEN_EXPIRED' })) {
          const bearer = requestHeader(expired, 'authorization');
          const earlier = exchanges(evidence, {
            path: API_PATHS.tokenData,
            status: 200,
            where: (exchange) => exchange.id < expired.id && requestHeader(exchange, 'authorization') === bearer,
          });
          if (bearer && earlier.length > 0)
            return `${describeExchange(earlier[0]!)}, then ${describeExchange(expired)} with the same token`;
        }
        return null;
      },
    },
  ],
  reset: async (context) => {
    await signOutBoth(context);
    await api.sessionSettings.restore(context.labKey);
    await restoreTokenSettings(context);
  },
};
