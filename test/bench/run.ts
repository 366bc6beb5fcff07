// `npm run bench`: prints throughput and latency of each row and its ratio to a bare Koa route served
// by the same server process, measured in the same run. Loopback only; each row runs BENCH_SECONDS.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RedisStore } from '../../server/store/redis-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { findRedisServer, startTestRedis } from '../support/redis-server.ts';
import { findRedisCli, startTestCluster } from '../support/redis-cluster.ts';
import { measureRounds, openDrainingSse, type BenchRow, type HttpRowSpec } from './http-rows.ts';
import {
  REFERENCE,
  bytesPerSession,
  ceilingRow,
  cookieReferenceRows,
  sessionMeRow,
  startBenchServer,
} from './session-rows.ts';
import { offTheServerCpu, planCpus } from './pinning.ts';
import { inspectorFigures } from './inspector-rows.ts';
import { rendererFigures } from './renderer-figures.ts';
import { coldStartFigures } from './cold-start.ts';
import { redisBytesPerSession, sqliteBytesPerSession } from './memory-figures.ts';
import { machine, reportTable, writeResults, type Figure } from './report.ts';
import { benchStore } from './store-ops.ts';
import { joseExistsRow, stockJwtRow, tokenRows } from './token-rows.ts';
import { loadFigures } from './load-rows.ts';
import { clusterShareFigures } from './cluster-share.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
/** Each server's HTTP rows run in this many interleaved rounds of seconds / rounds each (BENCH_ROUNDS). */
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const workDir = mkdtempSync(path.join(os.tmpdir(), 'sl-bench-'));
const rows: BenchRow[] = [];
const figures: Figure[] = [];
const notes: string[] = [];
const cpus = planCpus();
notes.push(
  cpus
    ? `pinned: each server process (Session Lab and the reference stacks) on CPU ${cpus.server}; during its HTTP rows the bench with autocannon on CPU ${cpus.rest} (redis-server is not pinned)`
    : 'not pinned (no taskset, or one CPU): the server shares its CPUs with the load generator',
);
notes.push(
  `HTTP rows: ${rounds} interleaved rounds per server process, ${Math.max(1, Math.round(seconds / rounds))} s per row per round; ops/s and CPU µs/req are totals over the rounds, p50 and p99 the medians of the rounds'`,
);

try {
  const sqliteServer = await startBenchServer({ dataDir: path.join(workDir, 'sqlite'), store: 'sqlite' }, cpus);
  try {
    let healthEvents = 0;
    let floorEvents = 0;
    /** One window on `url`'s event stream for the row's runs; the http events it received are added up by `count`. */
    const oneWindow =
      (url: string, count: (events: number) => void): HttpRowSpec['around'] =>
      async () => {
        const sse = await openDrainingSse(url, sqliteServer.labKey);
        return async () => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          count(sse.httpEvents());
          sse.close();
        };
      };
    const floor: HttpRowSpec = {
      name: 'reference: recording floor (bare Koa + Host check + API headers + error envelope + a minimal recorder to one SSE client; × ref CPU: ceiling)',
      url: `${sqliteServer.floorUrl}/api/v1/health`,
      options: { cpu: sqliteServer.cpu, id: REFERENCE.floor, compareWith: REFERENCE.ceiling },
      around: oneWindow(sqliteServer.floorUrl, (events) => (floorEvents += events)),
    };
    const health: HttpRowSpec = {
      name: 'GET /api/v1/health (full middleware stack, inspector recording, one SSE client on /api/v1/inspector/events; × ref CPU: ceiling)',
      url: `${sqliteServer.appUrl}/api/v1/health`,
      options: { cpu: sqliteServer.cpu, compareWith: REFERENCE.ceiling },
      around: oneWindow(sqliteServer.appUrl, (events) => (healthEvents += events)),
    };
    rows.push(
      ...(await offTheServerCpu(cpus, async () =>
        measureRounds(
          [
            ceilingRow(sqliteServer),
            floor,
            health,
            await sessionMeRow('sqlite', sqliteServer),
            stockJwtRow(sqliteServer),
            ...(await tokenRows('sqlite', sqliteServer)),
          ],
          seconds,
          rounds,
        ),
      )),
    );
    figures.push(...(await offTheServerCpu(cpus, () => loadFigures('sqlite', sqliteServer, seconds, rounds, cpus))));
    notes.push(
      `health row: its SSE client received ${healthEvents.toLocaleString('en-US')} http events over the row's runs and its warm-up second; the recording floor's client ${floorEvents.toLocaleString('en-US')}`,
    );
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
      const redisServer = await startBenchServer(
        { dataDir: path.join(workDir, 'redis'), store: 'redis', redisUrl: redis.url },
        cpus,
      );
      try {
        rows.push(
          ...(await offTheServerCpu(cpus, async () =>
            measureRounds(
              [
                ceilingRow(redisServer, " (the Redis server's process)"),
                await sessionMeRow('redis', redisServer),
                ...(await cookieReferenceRows(redisServer)),
                stockJwtRow(redisServer),
                joseExistsRow(redisServer),
                ...(await tokenRows('redis', redisServer, false)),
              ],
              seconds,
              rounds,
            ),
          )),
        );
        figures.push(...(await offTheServerCpu(cpus, () => loadFigures('redis', redisServer, seconds, rounds, cpus))));
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
        const clusterServer = await startBenchServer(
          { dataDir: path.join(workDir, 'cluster'), store: 'redis', redisCluster: cluster.seeds },
          cpus,
        );
        try {
          rows.push(
            ...(await offTheServerCpu(cpus, async () =>
              measureRounds(
                [
                  ceilingRow(clusterServer, " (the cluster server's process)"),
                  stockJwtRow(clusterServer),
                  await sessionMeRow('redis cluster (3 masters)', clusterServer),
                  ...(await tokenRows('redis cluster (3 masters)', clusterServer, false)),
                ],
                seconds,
                rounds,
              ),
            )),
          );
          // Where a dozen users' keys land: each master's share, counted on its own connection (issue 22).
          figures.push(
            ...(await clusterShareFigures(clusterServer.appUrl, cluster.nodes, 'redis cluster (3 masters)')),
          );
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
