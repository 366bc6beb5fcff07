import http from 'node:http';
import autocannon from 'autocannon';
import { LAB_KEY_HEADER } from '../../shared/lab-key.ts';

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

/**
 * Drives one URL with autocannon over loopback; any non-2xx answer or error fails the bench. A one-second run with the
 * same settings first warms the route (JIT, connections, the store's caches) and is not counted.
 */
export async function measureHttp(
  name: string,
  url: string,
  seconds: number,
  options: HttpRowOptions = {},
): Promise<BenchRow> {
  const { connections = 32, headers = {}, cpu, id, compareWith } = options;
  await autocannon({ url, connections, duration: Math.min(1, seconds), headers });
  const before = await cpu?.();
  const result = await autocannon({ url, connections, duration: seconds, headers });
  const after = await cpu?.();
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const answered = result['2xx'];
  return {
    name,
    opsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ...(before !== undefined && after !== undefined && answered > 0
      ? { cpuUsPerReq: Math.round(((after - before) / answered) * 10) / 10 }
      : {}),
    ...(id ? { id } : {}),
    ...(compareWith ? { compareWith } : {}),
  };
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
