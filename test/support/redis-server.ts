import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { stopChild } from './child-exit.ts';

/** A redis-server of the test's own, on a free loopback port, with no persistence. */
export interface TestRedis {
  port: number;
  url: string;
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/** The redis-server binary, or null with the reason it cannot be had. */
export function findRedisServer(): { bin: string | null; reason: string } {
  const bin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { bin: null, reason: `${bin} not found (install it: apt-get install -y redis-server)` };
  }
  return { bin, reason: probe.stdout.trim() };
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a redis-server on 127.0.0.1:`port` with no persistence (`extraArgs` come last, so they override) and waits until it is ready. */
export function launchRedisServer(bin: string, port: number, extraArgs: string[]): Promise<ChildProcess> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    ...extraArgs,
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.resume();
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`)));
  });
}

/** Starts a redis-server for one test file; `extraArgs` go on its command line. */
export async function startTestRedis(bin: string, extraArgs: string[] = []): Promise<TestRedis> {
  const port = await freePort();
  let child = await launchRedisServer(bin, port, extraArgs);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => stopChild(child, 'SIGKILL'),
    async restart() {
      await stopChild(child, 'SIGKILL');
      child = await launchRedisServer(bin, port, extraArgs);
    },
    stop: () => stopChild(child, 'SIGTERM'),
  };
}
