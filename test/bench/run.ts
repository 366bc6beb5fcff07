// `npm run bench`: prints throughput and latency of each row and its ratio to a bare Koa route served
// by the same server process, measured in the same run. Loopback only; each row runs BENCH_SECONDS.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { RedisStore } from '../../server/store/redis-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { findRedisServer, startTestRedis } from '../support/redis-server.ts';
import { benchStore, type BenchRow } from './store-ops.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-bench-'));

async function http(name: string, url: string): Promise<BenchRow> {
  const result = await autocannon({ url, connections: 32, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { name, opsPerSec: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}

const child = fork(new URL('./server-process.ts', import.meta.url).pathname, [dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const urls = await new Promise<{ appUrl: string; bareUrl: string }>((resolve, reject) => {
  child.once('message', (message) => resolve(message as { appUrl: string; bareUrl: string }));
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});

const rows: BenchRow[] = [];
try {
  await http('warm-up', urls.bareUrl);
  rows.push(await http('ceiling: bare Koa route', urls.bareUrl));
  rows.push(await http('GET /api/v1/health (full middleware stack)', `${urls.appUrl}/api/v1/health`));

  const sqlite = new SqliteStore({ file: path.join(dataDir, 'bench-store.sqlite') });
  rows.push(...(await benchStore('sqlite', sqlite, seconds)));
  await sqlite.close();

  const redisBin = findRedisServer();
  if (redisBin.bin) {
    const redis = await startTestRedis(redisBin.bin);
    const store = new RedisStore({ url: redis.url, commandTimeoutMs: 2_000, sweepIntervalMs: 1_000, namespace: 'sl:' });
    await store.waitReady(5_000);
    rows.push(...(await benchStore('redis', store, seconds)));
    await store.close();
    await redis.stop();
  } else {
    console.log(`redis rows skipped: ${redisBin.reason}`);
  }
} finally {
  child.disconnect();
  rmSync(dataDir, { recursive: true, force: true });
}

const ceiling = rows[0]!.opsPerSec;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(`\nSession Lab bench — Node ${process.version}, ${os.cpus().length} CPUs, ${seconds} s per row, loopback only`);
console.log('store rows: in-process calls, 16 concurrent (SCAN 4). HTTP rows: autocannon, 32 connections, latency at its 1 ms resolution.\n');
console.log('| row | ops/s | p50 ms | p99 ms | × ceiling |');
console.log('|---|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(`| ${row.name} | ${fmt(row.opsPerSec)} | ${fmt(row.p50Ms, 3)} | ${fmt(row.p99Ms, 3)} | ${fmt(row.opsPerSec / ceiling, 2)} |`);
}
