// `npm run bench`: prints throughput and latency of each row and its ratio to a bare Koa route served
// by the same server process, measured in the same run. Loopback only; each row runs BENCH_SECONDS.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RedisStore } from '../../server/store/redis-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { findRedisServer, startTestRedis } from '../support/redis-server.ts';
import { findRedisCli, startTestCluster } from '../support/redis-cluster.ts';
import { measureHttp, openDrainingSse, type BenchRow } from './http-rows.ts';
import { REFERENCE, bytesPerSession, cookieReferenceRows, sessionMeRow, startBenchServer } from './session-rows.ts';
import { inspectorFigures } from './inspector-rows.ts';
import { rendererFigures } from './renderer-figures.ts';
import { coldStartFigures } from './cold-start.ts';
import { redisBytesPerSession, sqliteBytesPerSession } from './memory-figures.ts';
import { machine, reportTable, writeResults, type Figure } from './report.ts';
import { benchStore } from './store-ops.ts';
import { joseExistsRow, stockJwtRow, tokenRows } from './token-rows.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const workDir = mkdtempSync(path.join(os.tmpdir(), 'sl-bench-'));
const rows: BenchRow[] = [];
const figures: Figure[] = [];
const notes: string[] = [];

try {
  const sqliteServer = await startBenchServer({ dataDir: path.join(workDir, 'sqlite'), store: 'sqlite' });
  try {
    const cpu = sqliteServer.cpu;
    await measureHttp('warm-up', sqliteServer.bareUrl, seconds);
    rows.push(
      await measureHttp('ceiling: bare Koa route', sqliteServer.bareUrl, seconds, { cpu, id: REFERENCE.ceiling }),
    );
    const sse = await openDrainingSse(sqliteServer.appUrl, sqliteServer.labKey);
    try {
      rows.push(
        await measureHttp(
          'GET /api/v1/health (full middleware stack, inspector recording, one SSE client on /api/v1/inspector/events; × ref CPU: ceiling)',
          `${sqliteServer.appUrl}/api/v1/health`,
          seconds,
          { cpu, compareWith: REFERENCE.ceiling },
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      notes.push(
        `health row: its SSE client received ${sse.httpEvents().toLocaleString('en-US')} http events during the row and its warm-up second`,
      );
    } finally {
      sse.close();
    }
    rows.push(await sessionMeRow('sqlite', sqliteServer, seconds));
    rows.push(await stockJwtRow(sqliteServer, seconds));
    rows.push(...(await tokenRows('sqlite', sqliteServer, seconds)));
  } finally {
    sqliteServer.stop();
  }

  figures.push(...(await inspectorFigures('sqlite', workDir, 'sqlite', undefined, Math.min(seconds, 3))));
  figures.push(await sqliteBytesPerSession());

  const sqlite = new SqliteStore({ file: path.join(workDir, 'bench-store.sqlite') });
  rows.push(...(await benchStore('sqlite', sqlite, seconds)));
  await sqlite.close();

  const redisBin = findRedisServer();
  if (redisBin.bin) {
    const redis = await startTestRedis(redisBin.bin);
    try {
      const redisServer = await startBenchServer({
        dataDir: path.join(workDir, 'redis'),
        store: 'redis',
        redisUrl: redis.url,
      });
      try {
        rows.push(await sessionMeRow('redis', redisServer, seconds));
        rows.push(...(await cookieReferenceRows(redisServer, seconds)));
        rows.push(await joseExistsRow(redisServer, seconds));
        rows.push(...(await tokenRows('redis', redisServer, seconds, false)));
        const bytes = await bytesPerSession(redis.url, redisServer.appUrl, 20);
        figures.push({
          name: 'redis: bytes per live session made by real logins (MEMORY USAGE of sl:sess:* + its share of sl:user_sessions:*), 20 sessions',
          value: `${bytes.toFixed(0)} B`,
          number: Math.round(bytes),
          unit: 'B',
        });
      } finally {
        redisServer.stop();
      }
      figures.push(...(await inspectorFigures('redis', workDir, 'redis', redis.url, Math.min(seconds, 3))));
      figures.push(await redisBytesPerSession(redis.url));
      const store = new RedisStore({
        url: redis.url,
        commandTimeoutMs: 2_000,
        sweepIntervalMs: 1_000,
        namespace: 'sl:',
      });
      await store.waitReady(5_000);
      rows.push(...(await benchStore('redis', store, seconds)));
      await store.close();
    } finally {
      await redis.stop();
    }
    const cli = findRedisCli();
    if (cli.bin) {
      const cluster = await startTestCluster(redisBin.bin, cli.bin);
      try {
        const clusterServer = await startBenchServer({
          dataDir: path.join(workDir, 'cluster'),
          store: 'redis',
          redisCluster: cluster.seeds,
        });
        try {
          rows.push(await sessionMeRow('redis cluster (3 masters)', clusterServer, seconds));
          rows.push(...(await tokenRows('redis cluster (3 masters)', clusterServer, seconds, false)));
        } finally {
          clusterServer.stop();
        }
      } finally {
        await cluster.stop();
      }
    } else notes.push(`redis cluster rows skipped: ${cli.reason}`);
  } else {
    notes.push(`redis rows skipped: ${redisBin.reason}`);
  }
  figures.push(...(await coldStartFigures()));
  figures.push(...(await rendererFigures()));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const host = machine();
console.log(
  `\nSession Lab bench — ${host.cpuModel}, ${host.cpus} CPUs, ${host.memoryGiB} GiB, ${host.platform}, Node ${host.node}; ${seconds} s per row, loopback only, every row from this run`,
);
console.log(
  "HTTP rows: autocannon in the bench process (32 connections; session, token and their reference rows 50), latency at its 1 ms resolution. Store rows: in-process calls, 16 concurrent (SCAN 4). × ceiling: ops/s of an HTTP row over the bare Koa route (first row); store rows have none. CPU µs/req: the server process's CPU time (user + system, Redis's own not counted) over the row, per request answered. × ref CPU: a row's CPU µs/req over its reference's, the one its name gives.\n",
);
console.log(reportTable(rows, figures));
for (const note of notes) console.log(`\n${note}`);
console.log(
  `\nwritten: ${path.relative(process.cwd(), writeResults(path.resolve(import.meta.dirname, '../..'), seconds, rows, figures, notes))}`,
);
