import { API_PATHS } from '../../../shared/api/paths.ts';
import type { InstanceStore } from '../../../shared/api/lab-scale-out.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { describeExchange, firstExchange, requestHeader } from './evidence.ts';
import { carriesSessionId, SESSION_KEY, sessionLogins, shortId } from './cookie-evidence.ts';
import { bearerOf, issuedTokens } from './jwt-evidence.ts';
import type { Evidence, LabCheck } from './lab-types.ts';

/** The cookie logins this server (A) answered, and the sessions they wrote. */
function loginsOnA(evidence: Evidence) {
  return sessionLogins(evidence).filter(({ login }) => !login.instance);
}

/** Whether the session's key was deleted, or expired, before this moment (then a refusal proves nothing about B). */
function endedBefore(evidence: Evidence, sid: string, at: number): boolean {
  return evidence.commands.some(
    (command) =>
      command.key === `${SESSION_KEY}${sid}` && (command.op === 'del' || command.op === 'expired') && command.at <= at,
  );
}

/** "on B (127.0.0.1:41234, shared store)": the port the server saw the connection come in on, for B. */
function where(exchange: HttpEvent): string {
  if (!exchange.instance) return `on A (${requestHeader(exchange, 'host') ?? '?'})`;
  return `on B (127.0.0.1:${exchange.instance.port}, ${exchange.instance.store === 'shared' ? 'shared store' : 'its own memory'})`;
}

/** A session check B answered on this store with the cookie of a session A's login wrote. */
function cookieOnB(evidence: Evidence, store: InstanceStore, status: number) {
  for (const { login, sid } of loginsOnA(evidence)) {
    const answer = firstExchange(evidence, {
      method: 'GET',
      path: API_PATHS.sessionMe,
      status,
      ...(status === 401 ? { code: 'NOT_AUTHENTICATED' } : {}),
      after: login,
      where: (exchange) =>
        exchange.instance?.store === store &&
        carriesSessionId(exchange, sid) &&
        !endedBefore(evidence, sid, exchange.startedAt),
    });
    if (answer) return { login, sid, answer };
  }
  return null;
}

/** A token call B answered 200 on this store with a token A issued. */
function tokenOnB(evidence: Evidence, store: InstanceStore): HttpEvent | undefined {
  const issued = new Set(
    issuedTokens(evidence).flatMap(({ exchange, token }) => (exchange.instance ? [] : [token.compact])),
  );
  return firstExchange(evidence, {
    method: 'GET',
    path: API_PATHS.tokenData,
    status: 200,
    where: (exchange) => exchange.instance?.store === store && issued.has(bearerOf(exchange)?.compact ?? ''),
  });
}

/** Lab 9's checks: B answers A's cookie on the shared store only, A's token on either. */
export const scaleOutChecks: LabCheck[] = [
  {
    id: 'shared-cookie',
    label: 'On the shared store, B accepts the cookie of A’s login: 200',
    proof: (evidence) => {
      const found = cookieOnB(evidence, 'shared', 200);
      return found
        ? `${describeExchange(found.answer)} ${where(found.answer)}, with the cookie of session ${shortId(found.sid)} written by exchange #${found.login.id} on A`
        : null;
    },
  },
  {
    id: 'memory-cookie',
    label: 'On its own in-memory store, B refuses the cookie of a live session: 401, it has no such session',
    proof: (evidence) => {
      const found = cookieOnB(evidence, 'memory', 401);
      return found
        ? `${describeExchange(found.answer)} ${where(found.answer)}, with the cookie of live session ${shortId(found.sid)} (exchange #${found.login.id} on A)`
        : null;
    },
  },
  {
    id: 'alive-on-a',
    label: 'A still accepts that cookie afterwards: 200, the session was never lost, B just cannot see A’s store',
    proof: (evidence) => {
      const refused = cookieOnB(evidence, 'memory', 401);
      if (!refused) return null;
      const onA = firstExchange(evidence, {
        method: 'GET',
        path: API_PATHS.sessionMe,
        status: 200,
        after: refused.answer,
        where: (exchange) => !exchange.instance && carriesSessionId(exchange, refused.sid),
      });
      return onA ? `${describeExchange(onA)} ${where(onA)}, after B’s 401 (exchange #${refused.answer.id})` : null;
    },
  },
  {
    id: 'token-both',
    label:
      'The token of A’s login works on B with either store: 200 and 200, with no session to look up: its signature is checked with the key both instances hold',
    proof: (evidence) => {
      const shared = tokenOnB(evidence, 'shared');
      const memory = tokenOnB(evidence, 'memory');
      return shared && memory
        ? `exchange #${shared.id} ${where(shared)} → 200; exchange #${memory.id} ${where(memory)} → 200`
        : null;
    },
  },
];
