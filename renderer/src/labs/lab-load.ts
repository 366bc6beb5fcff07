import { api } from '../api/client.ts';
import type { LoadEvent, LoadFigures } from '../../../shared/api/lab-load.ts';
import type { Evidence, Lab } from './lab-types.ts';
import { LoadPanel } from './LoadPanel.tsx';
import { storeFileWords } from './store-size-words.ts';

/** How long after its seconds a run may take to drain its requests in flight and log out. */
const DRAIN_MS = 5_000;

const figuresText = (name: string, figures: LoadFigures) =>
  `${name} check: ${figures.requests} requests, ${figures.requestsPerSecond} req/s, p99 ${figures.p99Ms} ms, ${figures.cpuMicrosPerRequest ?? '?'} µs CPU/request`;

/** The last event of a run that hammered both checks, done or not. */
function bothServed(evidence: Evidence): LoadEvent | undefined {
  return evidence.load.findLast(
    (event) => (event.totals.session?.requests ?? 0) > 0 && (event.totals.token?.requests ?? 0) > 0,
  );
}

const finalEvent = (evidence: Evidence) => evidence.load.find((event) => event.done);

/** Lab 12: load on both checks; what each costs the server, measured in the server. */
export const loadLab: Lab = {
  id: 'load',
  number: 12,
  title: 'Load',
  concept: 'Sessions vs JWT: scalability',
  goal: 'Put real load on the session check (a store read per request) and the token check (a signature verified, and a denylist lookup, per request), and read what each costs the server: requests per second, p99 server time, CPU per request.',
  why: {
    text: 'What a check costs decides how far one server goes: a session check costs a store round trip, a token check a signature verification, and asymmetric algorithms cost more CPU than HMAC. Measure before choosing; the store, not the algorithm, is usually what has to scale.',
    source: { label: 'RFC 7518: JSON Web Algorithms', url: 'https://www.rfc-editor.org/rfc/rfc7518#section-3.1' },
  },
  steps: [
    {
      kind: 'action',
      id: 'run',
      label: 'Run 20 users for 10 s on both checks',
      explain:
        'a child process on this machine, loopback only; the checks take turns each second, so each second’s CPU belongs to one check',
      run: async (context) =>
        void (await api.labLoad.start(context.labKey, { users: 20, seconds: 10, target: 'both' })),
    },
    {
      kind: 'action',
      id: 'stop',
      label: 'Stop',
      explain: 'ends the run early',
      run: async (context) => void (await api.labLoad.stop(context.labKey)),
    },
    {
      kind: 'instruction',
      id: 'watch',
      text: 'Watch the charts below fill, once a second; the figures come from the server process itself (its exchange timer and process.cpuUsage()). On a small screen, “Hide the two panels” above the tabs gives the charts the room to be seen whole.',
    },
  ],
  checks: [
    {
      id: 'served',
      label: 'Both checks were served under load, with no errors',
      proof: (evidence) => {
        const event = bothServed(evidence);
        if (!event || event.clientErrors > 0 || event.totals.session!.errors > 0 || event.totals.token!.errors > 0)
          return null;
        return `load run #${event.run} at ${(event.elapsedMs / 1_000).toFixed(1)} s: session check ${event.totals.session!.requests} answers, token check ${event.totals.token!.requests}, 0 errors`;
      },
    },
    {
      id: 'compared',
      label: 'The token check’s p99 and CPU per request, measured beside the session check’s',
      proof: (evidence) => {
        const event = finalEvent(evidence);
        const session = event?.totals.session;
        const token = event?.totals.token;
        if (
          !event ||
          !session ||
          !token ||
          session.cpuMicrosPerRequest === null ||
          token.cpuMicrosPerRequest === null ||
          session.p99Ms === 0
        )
          return null;
        const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '?');
        return `run #${event.run}, measured: ${figuresText('session', session)}; ${figuresText('token', token)} (token ÷ session: p99 ×${ratio(token.p99Ms, session.p99Ms)}, CPU ×${ratio(token.cpuMicrosPerRequest, session.cpuMicrosPerRequest)})`;
      },
    },
    {
      id: 'bounded',
      label: 'The run finished within its bound',
      proof: (evidence) => {
        const event = finalEvent(evidence);
        if (!event || event.endedBy === 'failed' || event.elapsedMs > event.seconds * 1_000 + DRAIN_MS) return null;
        return `run #${event.run} done (${event.endedBy === 'time' ? 'its time was up' : 'stopped'}) after ${(event.elapsedMs / 1_000).toFixed(1)} s: ${event.users} users, bound ${event.seconds} s (+ ${DRAIN_MS / 1_000} s to drain and log out)`;
      },
    },
    {
      id: 'memory',
      label:
        'The store’s size read from the server during the run (Redis used_memory; SQLite its file’s pages and log)',
      proof: (evidence) => {
        const metrics = evidence.metrics;
        const running = evidence.load.at(-1);
        // Only while a run is under way and a second into it: the figure is the store's during the run, not before.
        if (!running || running.done || evidence.load.length < 2 || !metrics) return null;
        if (metrics.storeKind === 'sqlite')
          return metrics.storeFile === null
            ? null
            : `metrics event during run #${running.run}: ${storeFileWords(metrics.storeFile)}`;
        return metrics.usedMemory === null
          ? null
          : `metrics event during run #${running.run}: Redis used_memory ${metrics.usedMemory} bytes`;
      },
    },
  ],
  panel: LoadPanel,
  reset: async (context) => void (await api.labLoad.stop(context.labKey)),
};
