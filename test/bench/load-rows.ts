// Lab 12's own figures in `npm run bench`: real load runs started through the lab's API with the launch's lab key (as
// the app's window starts them), their counted server CPU µs per request read from the run's last event, each beside
// the reference stack that does the same check (tuned koa-session; jose; jose + EXISTS), served by the same server
// process and driven right after each run.
import { pinProcess, type CpuPlan } from './pinning.ts';
import { runRow, type CpuReader, type HttpRowSpec } from './http-rows.ts';
import type { Figure } from './report.ts';
import { cookieReferenceRows, type BenchServer } from './session-rows.ts';
import { joseExistsRow, stockJwtRow } from './token-rows.ts';
import { LAB_KEY_HEADER } from '../../shared/lab-key.ts';
import { median } from '../../shared/percentiles.ts';
import { loadStatusSchema, type LoadFigures, type LoadTarget } from '../../shared/api/lab-load.ts';

/** The most virtual users a run may have: as many connections as the reference rows' autocannon. */
const USERS = 50;

/** One case a load run measures: its check, the denylist it needs, and the reference row it is read against. */
interface LoadCase {
  target: LoadTarget;
  denylist?: 'on' | 'off';
  reference?: HttpRowSpec;
  words?: string;
}

async function json(res: Response, what: string): Promise<unknown> {
  if (res.status !== 200) throw new Error(`bench ${what}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The admin's access token (the token settings switch is an admin's). */
async function adminToken(appUrl: string): Promise<string> {
  const body = await json(
    await fetch(`${appUrl}/api/v1/token/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-lab-pass' }),
    }),
    'admin token login',
  );
  return (body as { access_token: string }).access_token;
}

async function setDenylist(appUrl: string, admin: string, denylist: 'on' | 'off'): Promise<void> {
  await json(
    await fetch(`${appUrl}/api/v1/lab/token-settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin}` },
      body: JSON.stringify({ algorithm: 'HS256', denylist }),
    }),
    'token settings',
  );
}

/** The server process's children (the load run's client is the one it forks). */
async function childrenOf(pid: number): Promise<number[]> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(' ').filter(Boolean).map(Number);
}

/**
 * One load run of `seconds` on one check, through the lab's API, to its end: its last event's totals for the check.
 * With a CPU plan, the run's client process is moved off the server's CPU (as autocannon is for the reference rows).
 */
async function loadRun(
  server: BenchServer,
  target: LoadTarget,
  seconds: number,
  cpus: CpuPlan | null,
): Promise<LoadFigures & { algorithm: string; store: string; denylist: string }> {
  const url = `${server.appUrl}/api/v1/lab/load`;
  const headers = { [LAB_KEY_HEADER]: server.labKey, 'Content-Type': 'application/json' };
  const before = server.pid === undefined ? [] : await childrenOf(server.pid);
  await json(
    await fetch(url, { method: 'POST', headers, body: JSON.stringify({ users: USERS, seconds, target }) }),
    'load run start',
  );
  if (cpus && server.pid !== undefined)
    for (const child of await childrenOf(server.pid)) if (!before.includes(child)) pinProcess(child, cpus.rest);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const status = loadStatusSchema.parse(await json(await fetch(url, { headers }), 'load status'));
    const last = status.last;
    if (status.running || !last?.done) continue;
    if (last.endedBy === 'failed') throw new Error(`bench load run failed: ${last.error}`);
    const figures = last.totals[target]!;
    if (figures.errors > 0 || last.clientErrors > 0)
      throw new Error(`bench load run: ${figures.errors} errors, ${last.clientErrors} client errors`);
    return { ...figures, ...last.conditions };
  }
}

/** One run of a reference row with autocannon: the server process's CPU µs over it, and the requests answered. */
async function referenceRun(
  spec: HttpRowSpec,
  seconds: number,
  cpu: CpuReader,
): Promise<{ micros: number; requests: number }> {
  const { result, cpuUs } = await runRow(spec, seconds, cpu);
  return { micros: cpuUs!, requests: result['2xx'] };
}

/**
 * Lab 12's counted figures on one server process: the session check, and the token check with the denylist on (on
 * Redis) and off, each in `rounds` runs of `seconds / rounds` through the lab's API (after one uncounted run of a
 * second), their CPU µs/request as the lab reports it (weighted by requests over the rounds), over the CPU µs/request
 * of the reference that does the same check (tuned koa-session; jose + EXISTS; jose), driven by autocannon in the same
 * rounds, each right after the lab's run, so both see the same moments of a noisy machine. The bench process must be
 * off the server's CPU (offTheServerCpu). Leaves the denylist on, as the server starts.
 */
export async function loadFigures(
  label: string,
  server: BenchServer,
  seconds: number,
  rounds: number,
  cpus: CpuPlan | null,
): Promise<Figure[]> {
  const admin = await adminToken(server.appUrl);
  const cases: LoadCase[] = [
    {
      target: 'session',
      ...(server.tunedUrl ? { reference: (await cookieReferenceRows(server))[1]!, words: 'tuned koa-session' } : {}),
    },
    ...(server.joseExistsUrl
      ? [
          {
            target: 'token' as const,
            denylist: 'on' as const,
            reference: joseExistsRow(server),
            words: 'jose + EXISTS',
          },
        ]
      : []),
    { target: 'token', denylist: 'off', reference: stockJwtRow(server), words: 'jose' },
  ];
  const each = Math.max(1, Math.round(seconds / rounds));
  const measured = cases.map(() => ({
    micros: 0,
    requests: 0,
    ms: 0,
    referenceMicros: 0,
    referenceRequests: 0,
    p50: [] as number[],
    p99: [] as number[],
    what: '',
  }));
  try {
    for (let round = -1; round < rounds; round++) {
      for (const [at, loadCase] of cases.entries()) {
        const length = round < 0 ? 1 : each;
        if (loadCase.denylist) await setDenylist(server.appUrl, admin, loadCase.denylist);
        const run = await loadRun(server, loadCase.target, length, cpus);
        const reference = loadCase.reference ? await referenceRun(loadCase.reference, length, server.cpu) : undefined;
        if (round < 0) continue;
        const total = measured[at]!;
        total.micros += (run.cpuMicrosPerRequest ?? 0) * run.requests;
        total.requests += run.requests;
        total.ms += run.requestsPerSecond > 0 ? (run.requests / run.requestsPerSecond) * 1_000 : 0;
        total.referenceMicros += reference?.micros ?? 0;
        total.referenceRequests += reference?.requests ?? 0;
        total.p50.push(run.p50Ms);
        total.p99.push(run.p99Ms);
        total.what =
          loadCase.target === 'session'
            ? `session check on ${run.store}`
            : `token check ${run.algorithm}, denylist ${run.denylist}, on ${run.store}`;
      }
    }
  } finally {
    await setDenylist(server.appUrl, admin, 'on');
  }
  return cases.map((loadCase, at) => {
    const total = measured[at]!;
    const cpu = total.requests > 0 ? total.micros / total.requests : 0;
    const reference = total.referenceRequests > 0 ? total.referenceMicros / total.referenceRequests : undefined;
    const ratio = reference === undefined ? undefined : cpu / reference;
    const rate = Math.round((total.requests / total.ms) * 1_000).toLocaleString('en-US');
    return {
      name: `${label}: lab 12 load run, counted ${total.what} (${USERS} users; p50/p99: server time), CPU µs/req${loadCase.words ? ` × ${loadCase.words}'s, run right after each of its runs` : ''}`,
      p50Ms: median(total.p50),
      p99Ms: median(total.p99),
      value: `${cpu.toFixed(0)} µs/req${ratio === undefined ? '' : ` = ${ratio.toFixed(2)}× ${reference!.toFixed(0)}`} (${rate} req/s)`,
      number: ratio === undefined ? Math.round(cpu) : Math.round(ratio * 100) / 100,
      unit: ratio === undefined ? 'µs/req' : '× ref CPU',
    };
  });
}
