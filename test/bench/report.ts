import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from './http-rows.ts';

/** A measured figure that is not a throughput: a latency (p50/p99), a size, a time. */
export interface Figure {
  name: string;
  p50Ms?: number;
  p99Ms?: number;
  /** The figure as shown (e.g. `312 B`), with its number and unit for the JSON. */
  value?: string;
  number?: number;
  unit?: string;
}

/** The machine a run was measured on. */
export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1_073_741_824),
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * The row with id `id` nearest before `row`: each server process measures its own ceiling and references in the same
 * rounds as its rows, so a row is compared with those of its own process (a process without one, with the last before).
 */
function nearestBefore(row: BenchRow, rows: BenchRow[], id: string | undefined): BenchRow | undefined {
  if (id === undefined) return undefined;
  return (
    rows.slice(0, rows.indexOf(row) + 1).findLast((other) => other.id === id) ?? rows.find((other) => other.id === id)
  );
}

/** The ceiling a row's ops/s is divided by: its own process's bare Koa route. */
export function ceilingOf(row: BenchRow, rows: BenchRow[]): BenchRow {
  return nearestBefore(row, rows, REFERENCE_CEILING) ?? rows[0]!;
}

/** The id of the ceiling rows (session-rows.ts's REFERENCE.ceiling). */
const REFERENCE_CEILING = 'ceiling';

/** A row's CPU µs/request over its reference's (the row `compareWith` names), when both were measured. */
export function timesReferenceCpu(row: BenchRow, rows: BenchRow[]): number | undefined {
  const reference = nearestBefore(row, rows, row.compareWith);
  if (row.cpuUsPerReq === undefined || reference?.cpuUsPerReq === undefined) return undefined;
  return Math.round((row.cpuUsPerReq / reference.cpuUsPerReq) * 100) / 100;
}

/** The one table: throughput rows as ratios to their process's ceiling, then the figures, all from this run. */
export function reportTable(rows: BenchRow[], figures: Figure[]): string {
  const lines = [
    '| row | ops/s | p50 ms | p99 ms | × ceiling | CPU µs/req | × ref CPU | figure |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const cpu = row.cpuUsPerReq === undefined ? '' : fmt(row.cpuUsPerReq);
    const times = timesReferenceCpu(row, rows);
    lines.push(
      `| ${row.name} | ${fmt(row.opsPerSec)} | ${fmt(row.p50Ms, 3)} | ${fmt(row.p99Ms, 3)} | ${row.inProcess ? '' : fmt(row.opsPerSec / ceilingOf(row, rows).opsPerSec, 2)} | ${cpu} | ${times === undefined ? '' : fmt(times, 2)} | |`,
    );
  }
  for (const figure of figures) {
    lines.push(
      `| ${figure.name} | | ${figure.p50Ms === undefined ? '' : fmt(figure.p50Ms, 2)} | ${figure.p99Ms === undefined ? '' : fmt(figure.p99Ms, 2)} | | | | ${figure.value ?? ''} |`,
    );
  }
  return lines.join('\n');
}

/** Writes `bench/results.json` (at the repository's top): the machine, the settings and every row and figure. */
export function writeResults(
  repoRoot: string,
  seconds: number,
  rows: BenchRow[],
  figures: Figure[],
  notes: string[],
): string {
  const file = path.join(repoRoot, 'bench', 'results.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const written = rows.map((row) => {
    const times = timesReferenceCpu(row, rows);
    const ceiling = ceilingOf(row, rows);
    return {
      ...row,
      ...(row.inProcess
        ? {}
        : {
            timesCeiling: round2(row.opsPerSec / ceiling.opsPerSec),
            // p99 over the ceiling's p99 in the same rounds (both at autocannon's 1 ms resolution).
            ...(ceiling.p99Ms > 0 ? { p99TimesCeiling: round2(row.p99Ms / ceiling.p99Ms) } : {}),
          }),
      ...(times === undefined ? {} : { timesReferenceCpu: times }),
    };
  });
  const results = { measuredAt: new Date().toISOString(), machine: machine(), secondsPerRow: seconds, rows: written };
  writeFileSync(file, `${JSON.stringify({ ...results, figures, notes }, null, 2)}\n`);
  return file;
}
