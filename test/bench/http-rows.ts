import autocannon from 'autocannon';

/** One measured row. */
export interface BenchRow {
  name: string;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** An in-process store call, not an HTTP request: no ratio to the HTTP ceiling is shown for it. */
  inProcess?: boolean;
}

/** Drives one URL with autocannon over loopback; any non-2xx answer or error fails the bench. */
export async function measureHttp(
  name: string,
  url: string,
  seconds: number,
  connections = 32,
  headers: Record<string, string> = {},
): Promise<BenchRow> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { name, opsPerSec: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}
