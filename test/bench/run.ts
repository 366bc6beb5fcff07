// `npm run bench`: prints throughput and latency of each row and its ratio to a bare Koa route served
// by the same server process, measured in the same run. Loopback only; each row runs BENCH_SECONDS.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RedisStore } from '../../server/store/redis-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { findRedisServer, startTestRedis } from '../support/redis-server.ts';
import { measureHttp, type BenchRow } from './http-rows.ts';
import { bytesPerSession, sessionMeRow, startBenchServer, stockRow } from './session-rows.ts';
import { inspectorFigures } from './inspector-rows.ts';
import { rendererFigures } from './renderer-figures.ts';
import { benchStore } from './store-ops.ts';
import { stockJwtRow, tokenRows } from './token-rows.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const workDir = mkdtempSync(path.join(os.tmpdir(), 'sl-bench-'));
const rows: BenchRow[] = [];
const notes: string[] = [];

try {
  const sqliteServer = await startBenchServer({ dataDir: path.join(workDir, 'sqlite'), store: 'sqlite' });
  try {
    await measureHttp('warm-up', sqliteServer.bareUrl, seconds);
    rows.push(await measureHttp('ceiling: bare Koa route', sqliteServer.bareUrl, seconds));
    rows.push(await measureHttp('GET /api/v1/health (full middleware stack)', `${sqliteServer.appUrl}/api/v1/health`, seconds));
    rows.push(await sessionMeRow('sqlite', sqliteServer.appUrl, seconds));
    rows.push(await stockJwtRow(sqliteServer.stockJwtUrl, sqliteServer.stockToken, seconds));
    rows.push(...(await tokenRows('sqlite', sqliteServer.appUrl, seconds)));
  } finally {
    sqliteServer.stop();
  }

  notes.push(...(await inspectorFigures('sqlite', workDir, 'sqlite', undefined, Math.min(seconds, 3))));

  const sqlite = new SqliteStore({ file: path.join(workDir, 'bench-store.sqlite') });
  rows.push(...(await benchStore('sqlite', sqlite, seconds)));
  await sqlite.close();

  const redisBin = findRedisServer();
  if (redisBin.bin) {
    const redis = await startTestRedis(redisBin.bin);
    try {
      const redisServer = await startBenchServer({ dataDir: path.join(workDir, 'redis'), store: 'redis', redisUrl: redis.url });
      try {
        rows.push(await sessionMeRow('redis', redisServer.appUrl, seconds));
        rows.push(await stockRow(redisServer.stockUrl!, seconds));
        rows.push(...(await tokenRows('redis', redisServer.appUrl, seconds, false)));
        const bytes = await bytesPerSession(redis.url, redisServer.appUrl, 20);
        notes.push(`Redis bytes per live session (MEMORY USAGE of sl:sess:* + its share of sl:user_sessions:*), 20 sessions: ${bytes.toFixed(0)} B`);
      } finally {
        redisServer.stop();
      }
      notes.push(...(await inspectorFigures('redis', workDir, 'redis', redis.url, Math.min(seconds, 3))));
      const store = new RedisStore({ url: redis.url, commandTimeoutMs: 2_000, sweepIntervalMs: 1_000, namespace: 'sl:' });
      await store.waitReady(5_000);
      rows.push(...(await benchStore('redis', store, seconds)));
      await store.close();
    } finally {
      await redis.stop();
    }
  } else {
    notes.push(`redis rows skipped: ${redisBin.reason}`);
  }
  notes.push(...(await rendererFigures()));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const ceiling = rows[0]!.opsPerSec;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(`\nSession Lab bench — Node ${process.version}, ${os.cpus().length} CPUs, ${seconds} s per row, loopback only`);
console.log('HTTP rows: autocannon (32 connections; session rows 50), latency at its 1 ms resolution. Store rows: in-process calls, 16 concurrent (SCAN 4).\n');
console.log('| row | ops/s | p50 ms | p99 ms | × ceiling |');
console.log('|---|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(`| ${row.name} | ${fmt(row.opsPerSec)} | ${fmt(row.p50Ms, 3)} | ${fmt(row.p99Ms, 3)} | ${fmt(row.opsPerSec / ceiling, 2)} |`);
}
for (const note of notes) console.log(`\n${note}`);
