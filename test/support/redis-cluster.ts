import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { stopChild } from './child-exit.ts';
import { freePort, launchRedisServer } from './redis-server.ts';

/** A local Redis Cluster of three masters on loopback ports, for one test file. */
export interface TestCluster {
  nodes: { host: string; port: number }[];
  /** `host:port,host:port,…`, as `--redis-cluster` takes it. */
  seeds: string;
  /** Empties every master. */
  flush(): Promise<void>;
  /** Runs a command on every master (CONFIG SET, FLUSHALL). */
  onEveryMaster(run: (node: Redis) => Promise<unknown>): Promise<void>;
  stop(): Promise<void>;
}

/** The redis-cli binary (it creates the cluster), or null with the reason. */
export function findRedisCli(): { bin: string | null; reason: string } {
  const bin = process.env.REDIS_CLI_BIN ?? 'redis-cli';
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    return { bin: null, reason: `${bin} not found (it comes with redis-server: apt-get install -y redis-server)` };
  return { bin, reason: probe.stdout.trim() };
}

/** Starts three cluster-enabled redis-servers and joins them with `redis-cli --cluster create` (no replicas). */
/** Whether a loopback port can be listened on now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Starts one cluster node. A node listens on two ports, its own and its cluster bus (the port + 10000): both must be
 * free, and either can be taken between the look and the start by another test's server (files run two at a time),
 * so a node that could not bind is started again on other ports.
 */
async function launchClusterNode(serverBin: string, dir: string): Promise<{ port: number; child: ChildProcess }> {
  for (let attempt = 1; ; attempt++) {
    let port = await freePort();
    while (port + 10_000 > 65_535 || !(await isFree(port + 10_000))) port = await freePort();
    try {
      const child = await launchRedisServer(serverBin, port, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        path.join(dir, `nodes-${port}.conf`),
        '--dir',
        dir,
      ]);
      return { port, child };
    } catch (error) {
      if (attempt >= 5 || !/Address already in use/.test((error as Error).message)) throw error;
    }
  }
}

export async function startTestCluster(serverBin: string, cliBin: string): Promise<TestCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child, 'SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3; i++) {
      const { port, child } = await launchClusterNode(serverBin, dir);
      ports.push(port);
      children.push(child);
    }
    const create = spawnSync(
      cliBin,
      ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    // Every node must see every slot served before the cluster takes commands.
    const deadline = Date.now() + 20_000;
    for (const port of ports) {
      const node = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
      try {
        await node.connect();
        while (!/cluster_state:ok/.test(String(await node.cluster('INFO')))) {
          if (Date.now() > deadline) throw new Error(`cluster node ${port} did not reach cluster_state:ok`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        node.disconnect();
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const nodes = ports.map((port) => ({ host: '127.0.0.1', port }));
  const onEveryMaster = async (run: (node: Redis) => Promise<unknown>) => {
    await Promise.all(
      ports.map(async (port) => {
        const node = new Redis({ host: '127.0.0.1', port });
        try {
          await run(node);
        } finally {
          node.disconnect();
        }
      }),
    );
  };
  return {
    nodes,
    seeds: nodes.map(({ host, port }) => `${host}:${port}`).join(','),
    flush: () => onEveryMaster((node) => node.flushall()),
    onEveryMaster,
    stop,
  };
}
