import http from 'node:http';
import autocannon from 'autocannon';
import { LAB_KEY_HEADER } from '../../shared/lab-key.ts';
import { median } from '../../shared/percentiles.ts';

/** One measured row. */
export interface BenchRow {
  name: string;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** The server process's CPU time (user + system) over the row, per request answered. */
  cpuUsPerReq?: number;
  /** This row's id, when other rows are compared with it (the ceiling and the reference stacks). */
  id?: string;
  /** The id of the row whose CPU µs/request this row's is divided by. */
  compareWith?: string;
  /** An in-process store call, not an HTTP request: no ratio to the HTTP ceiling is shown for it. */
  inProcess?: boolean;
}

/** Reads the server process's CPU time so far, in µs. */
export type CpuReader = () => Promise<number>;

/** How one HTTP row is driven and read. */
export interface HttpRowOptions {
  connections?: number;
  headers?: Record<string, string>;
  /** The server process's CPU reader: read before and after the run, divided by the requests answered. */
  cpu?: CpuReader;
  id?: string;
  compareWith?: string;
}

/** One HTTP row to measure: what it drives, and what it needs around each of its runs. */
export interface HttpRowSpec {
  name: string;
  url: string;
  options?: HttpRowOptions;
  /** Runs before each of the row's runs (a setting the row needs, an SSE client); what it returns runs after. */
  around?: () => Promise<() => void | Promise<void>>;
}

/**
 * One autocannon run of a row for `seconds`: autocannon's result, and the server process's CPU µs over it when `cpu`
 * is given. Any non-2xx answer or error fails the bench.
 */
export async function runRow(
  spec: HttpRowSpec,
  seconds: number,
  cpu?: CpuReader,
): Promise<{ result: autocannon.Result; cpuUs?: number }> {
  const { connections = 32, headers = {} } = spec.options ?? {};
  const before = await cpu?.();
  const result = await autocannon({ url: spec.url, connections, duration: seconds, headers });
  const later = await cpu?.();
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${spec.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { result, ...(before !== undefined && later !== undefined ? { cpuUs: later - before } : {}) };
}

/**
 * Drives rows with autocannon over loopback in interleaved rounds: each round runs every row for `seconds / rounds`,
 * so a row and the reference it is compared with are measured side by side through the same moments of a busy
 * machine, not minutes apart. Each row is first driven for one uncounted second (a warm-up: JIT, connections, the
 * store's caches). A row's ops/s and CPU µs/request are its totals over the rounds; p50 and p99 are the medians of its
 * rounds' (autocannon gives percentiles per run). Any non-2xx answer or error fails the bench.
 */
export async function measureRounds(specs: HttpRowSpec[], seconds: number, rounds = 3): Promise<BenchRow[]> {
  const each = Math.max(1, Math.round(seconds / rounds));
  const totals = specs.map(() => ({
    answered: 0,
    cpuUs: 0,
    cpuRead: true,
    seconds: 0,
    p50: [] as number[],
    p99: [] as number[],
  }));
  for (let round = 0; round < rounds; round++) {
    for (const [at, spec] of specs.entries()) {
      const { connections = 32, headers = {}, cpu } = spec.options ?? {};
      const after = spec.around ? await spec.around() : undefined;
      try {
        if (round === 0) await autocannon({ url: spec.url, connections, duration: 1, headers });
        const { result, cpuUs } = await runRow(spec, each, cpu);
        const total = totals[at]!;
        total.answered += result['2xx'];
        total.seconds += result.duration;
        total.p50.push(result.latency.p50);
        total.p99.push(result.latency.p99);
        if (cpuUs === undefined) total.cpuRead = false;
        else total.cpuUs += cpuUs;
      } finally {
        await after?.();
      }
    }
  }
  return specs.map((spec, at) => {
    const total = totals[at]!;
    const { id, compareWith } = spec.options ?? {};
    return {
      name: spec.name,
      opsPerSec: total.answered / total.seconds,
      p50Ms: median(total.p50),
      p99Ms: median(total.p99),
      ...(total.cpuRead && spec.options?.cpu && total.answered > 0
        ? { cpuUsPerReq: Math.round((total.cpuUs / total.answered) * 10) / 10 }
        : {}),
      ...(id ? { id } : {}),
      ...(compareWith ? { compareWith } : {}),
    };
  });
}

/** An open inspector event stream that reads and discards what it is sent, counting the `http` events. */
export interface DrainingSse {
  httpEvents(): number;
  close(): void;
}

/**
 * Opens `GET /api/v1/inspector/events` with the lab key, as the app's window does, and drains it: the bench process
 * only counts `event: http` lines (no parsing), so the client costs the server what a live window costs it.
 */
export function openDrainingSse(appUrl: string, labKey: string): Promise<DrainingSse> {
  const marker = 'event: http\n';
  return new Promise((resolve, reject) => {
    let count = 0;
    let tail = '';
    const req = http.get(
      `${appUrl}/api/v1/inspector/events`,
      { headers: { Accept: 'text/event-stream', [LAB_KEY_HEADER]: labKey } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`inspector events answered ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const text = tail + chunk;
          for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) count++;
          tail = text.slice(-(marker.length - 1));
        });
        res.on('error', () => {});
        resolve({ httpEvents: () => count, close: () => req.destroy() });
      },
    );
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
  });
}
