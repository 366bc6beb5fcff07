import { spawnSync } from 'node:child_process';
import os from 'node:os';

/** Where the bench's processes run: the server alone on one CPU, everything else (autocannon, redis-server) on the rest. */
export interface CpuPlan {
  server: string;
  rest: string;
  all: string;
}

/**
 * Pins when it can: with `taskset` and at least two CPUs, the server process gets the last CPU to itself and this
 * process (and what it starts later: redis-server, the cluster) the others. A server sharing its CPU with the load
 * generator pays for the load generator's wake-ups and cache misses in its own CPU time; pinned, a row's CPU µs per
 * request is the server's work. Null (nothing pinned) without taskset or with one CPU; the run's notes say which.
 */
export function planCpus(): CpuPlan | null {
  const cpus = os.availableParallelism();
  if (cpus < 2 || spawnSync('taskset', ['--version']).status !== 0) return null;
  return { server: String(cpus - 1), rest: cpus === 2 ? '0' : `0-${cpus - 2}`, all: `0-${cpus - 1}` };
}

/** Pins a process and all its threads to `cpus` (taskset's list form); false when taskset refused. */
export function pinProcess(pid: number, cpus: string): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs `measure` with this process (autocannon runs in it) on the plan's other CPUs, then gives it every CPU back:
 * the store rows, the cold start and Chromium's figures run unpinned, as they would on the learner's machine.
 */
export async function offTheServerCpu<T>(cpus: CpuPlan | null, measure: () => Promise<T>): Promise<T> {
  if (cpus && !pinProcess(process.pid, cpus.rest)) throw new Error(`could not pin the bench to CPU ${cpus.rest}`);
  try {
    return await measure();
  } finally {
    if (cpus) pinProcess(process.pid, cpus.all);
  }
}
