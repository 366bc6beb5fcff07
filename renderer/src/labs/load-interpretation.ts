import type { LoadEvent, LoadFigures } from '../../../shared/api/lab-load.ts';
import { storeWords } from './load-words.ts';

/** One sentence of a run's interpretation, with what it is about (for tests and styling). */
export interface LoadReading {
  about: 'incomplete' | 'errors' | 'measured' | 'session-store' | 'token-why' | 'denylist' | 'advantage';
  text: string;
}

/** Below this ratio either way, two figures are "about the same": one short run on a shared machine is noisy. */
const SAME_BAND = 1.25;

const ALGORITHM_WORK: Record<LoadEvent['conditions']['algorithm'], string> = {
  HS256: 'HS256 is one HMAC-SHA256 over the token, among the cheapest signatures to check',
  ES256: 'ES256 verifies an ECDSA P-256 signature, many times the CPU of an HMAC (HS256)',
  EdDSA: 'EdDSA verifies an Ed25519 signature, more CPU than an HMAC (HS256) though less than ES256',
};

const measuredFigures = (figures: LoadFigures | undefined): figures is LoadFigures =>
  figures !== undefined && figures.requests > 0;

/** Token over session: more, less or about the same, and the factor ("2.4", "0.42"). */
function compared(token: number, session: number): { word: 'more' | 'less' | 'same'; times: string } {
  const ratio = session > 0 ? token / session : 1;
  if (ratio < SAME_BAND && ratio > 1 / SAME_BAND) return { word: 'same', times: '1' };
  return ratio > 1 ? { word: 'more', times: ratio.toFixed(1) } : { word: 'less', times: ratio.toFixed(2) };
}

/** "2.4× the session check’s <what>" or "about the same <what> as the session check". */
const against = (comparison: ReturnType<typeof compared>, what: string) =>
  comparison.word === 'same'
    ? `about the same ${what} as the session check`
    : `${comparison.times}× the session check’s ${what}`;

const storeName = storeWords;

/** The earlier run that differs from this one only in the denylist setting, if one was seen (its last event). */
function denylistTwin(final: LoadEvent, earlier: LoadEvent[]): LoadEvent | undefined {
  return earlier.findLast(
    (other) =>
      other.run !== final.run &&
      other.done &&
      other.endedBy !== 'failed' &&
      other.conditions.store === final.conditions.store &&
      other.conditions.algorithm === final.conditions.algorithm &&
      other.conditions.denylist !== final.conditions.denylist &&
      measuredFigures(other.totals.token) &&
      other.totals.token.cpuMicrosPerRequest !== null,
  );
}

function sessionStoreReading(final: LoadEvent, session: LoadFigures): LoadReading {
  return {
    about: 'session-store',
    text:
      final.conditions.store === 'sqlite'
        ? `Each session check read its session from SQLite inside this very server process (p99 ${session.p99Ms} ms): no network hop, which makes the session check cheap here. With a store on another machine every session check pays a network round trip.`
        : `Each session check asked ${final.conditions.store === 'redis' ? 'Redis' : 'the Redis Cluster'} for its session (p99 ${session.p99Ms} ms, a round trip over this machine’s loopback; across a network each costs more). Redis’ own CPU for those lookups is not in the CPU figure, only this server’s.`,
  };
}

/** Why server time may differ where CPU does not: a request that waits lets the server work on others meanwhile. */
function waiting(final: LoadEvent): string {
  return final.conditions.store === 'sqlite'
    ? 'Server time also counts waiting: the signature is checked with WebCrypto, which answers asynchronously, and while one request waits the server works on the others, so its time includes theirs; the session check’s read from SQLite is synchronous and finishes in one go.'
    : 'Server time also counts waiting: the token check waits for WebCrypto’s asynchronous signature check and the session check for Redis’ answer, and while one request waits the server works on the others.';
}

function tokenReading(
  final: LoadEvent,
  token: LoadFigures,
  cpu: ReturnType<typeof compared>,
  p99: ReturnType<typeof compared>,
): LoadReading {
  const { algorithm, denylist } = final.conditions;
  const denylistRead = denylist === 'on' ? ', and it also asked the store whether the token is on the denylist' : '';
  if (cpu.word === 'more')
    return {
      about: 'token-why',
      text: `Why was the token check the costlier one here? It verifies a signature on every request: ${ALGORITHM_WORK[algorithm]}${denylistRead}. That is CPU in this server process (${token.cpuMicrosPerRequest} µs per request), while the session check’s cost is a lookup in a store that is close by.${p99.word === 'more' ? ` ${waiting(final)}` : ''} It does not mean tokens are slow: their advantage lies elsewhere (below).`,
    };
  if (cpu.word === 'less')
    return {
      about: 'token-why',
      text: `The token check was the cheaper one: it verifies a signature (${ALGORITHM_WORK[algorithm]})${denylist === 'on' ? ' and reads the denylist' : ' and reads nothing from the store'}, while the session check reads the store on every request.`,
    };
  if (p99.word === 'more')
    return {
      about: 'token-why',
      text: `Why was the token check’s p99 higher when its CPU per request was about the same? ${waiting(final)} Here the p99 says more about waiting than about cost.`,
    };
  return {
    about: 'token-why',
    text: `The two checks cost about the same here (within ${Math.round((SAME_BAND - 1) * 100)}%): a signature check with ${algorithm}${denylistRead ? ' and a denylist read' : ''} against a store read, on one machine at ${final.users} users neither is the bottleneck.`,
  };
}

function denylistReading(final: LoadEvent, token: LoadFigures, earlier: LoadEvent[]): LoadReading {
  const twin = denylistTwin(final, earlier);
  const on = final.conditions.denylist === 'on';
  let text = on
    ? 'With the denylist on, every token check also reads the store (EXISTS sl:denylist:…) so that a logged-out token is refused (lab 2).'
    : 'The denylist was off: the token check read nothing from the store, and a logged-out token stays valid until it expires (lab 2).';
  if (twin) {
    const other = twin.totals.token!;
    const [withIt, without] = on ? [token, other] : [other, token];
    const cpuCost = (withIt.cpuMicrosPerRequest ?? 0) - (without.cpuMicrosPerRequest ?? 0);
    const p99Cost = withIt.p99Ms - without.p99Ms;
    const sign = (value: number, digits: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
    text += ` Against run #${twin.run} (denylist ${twin.conditions.denylist}, same store and algorithm), the denylist cost the token check ${sign(cpuCost, 1)} µs of CPU and ${sign(p99Cost, 2)} ms of p99 per request${Math.abs(cpuCost) < (without.cpuMicrosPerRequest ?? 0) * (SAME_BAND - 1) ? ' (within the noise of a short run)' : ''}.`;
  } else {
    text += ` Run again with the denylist ${on ? 'off' : 'on'} (the token panel’s switch) to measure what it costs.`;
  }
  return { about: 'denylist', text };
}

/**
 * A few sentences that interpret a finished load run from its own figures (its last event) and the conditions it
 * names, so that a learner does not read the wrong lesson from them (a token check slower than a session check on
 * one machine). `earlier` are the last events of runs seen before it: one that differs only in the denylist gives
 * what the denylist costs. Nothing before the run is done.
 */
export function interpretLoad(final: LoadEvent, earlier: LoadEvent[] = []): LoadReading[] {
  if (!final.done) return [];
  if (final.endedBy === 'failed')
    return [
      {
        about: 'incomplete',
        text: `The run failed (${final.error ?? 'no reason given'}): its figures are incomplete, so no conclusion is drawn from them.`,
      },
    ];
  const session = measuredFigures(final.totals.session) ? final.totals.session : undefined;
  const token = measuredFigures(final.totals.token) ? final.totals.token : undefined;
  if (!session && !token)
    return [
      { about: 'incomplete', text: 'No request was answered before the run ended: there is nothing to interpret.' },
    ];
  const readings: LoadReading[] = [];
  const errors = (session?.errors ?? 0) + (token?.errors ?? 0);
  if (errors > 0 || final.clientErrors > 0)
    readings.push({
      about: 'errors',
      text: `${errors} answer${errors === 1 ? ' was' : 's were'} not 200 and ${final.clientErrors} request${final.clientErrors === 1 ? '' : 's'} got no answer: read the figures with care, the server or the credentials were not answering normally.`,
    });
  if (session && token && session.cpuMicrosPerRequest !== null && token.cpuMicrosPerRequest !== null) {
    const cpu = compared(token.cpuMicrosPerRequest, session.cpuMicrosPerRequest);
    const p99 = compared(token.p99Ms, session.p99Ms);
    readings.push({
      about: 'measured',
      text: `On ${storeName(final.conditions.store)} with ${final.users} users, the token check took ${against(cpu, 'server CPU per request')} (${token.cpuMicrosPerRequest} µs against ${session.cpuMicrosPerRequest} µs), with ${against(p99, 'p99 server time')} (${token.p99Ms} ms against ${session.p99Ms} ms).`,
    });
    readings.push(sessionStoreReading(final, session));
    readings.push(tokenReading(final, token, cpu, p99));
  } else {
    const only = session ? 'session' : 'token';
    const figures = (session ?? token)!;
    readings.push({
      about: 'measured',
      text: `Only the ${only} check was measured (p99 ${figures.p99Ms} ms, ${figures.cpuMicrosPerRequest ?? '?'} µs of CPU per request on ${storeName(final.conditions.store)}): run both checks to compare them.`,
    });
    if (session) readings.push(sessionStoreReading(final, session));
  }
  if (token) readings.push(denylistReading(final, token, earlier));
  readings.push({
    about: 'advantage',
    text:
      final.conditions.denylist === 'on'
        ? 'A token’s real advantage is that it needs no shared store, so any server instance can check it (lab 9); with the denylist on it gives that up, since every instance must reach the denylist.'
        : 'A token’s real advantage is not speed on one machine: it needs no shared store, so any server instance can check it (lab 9), while every instance checking a session must reach the same store.',
  });
  return readings;
}
