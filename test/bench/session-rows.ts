import { fork } from 'node:child_process';
import { Redis } from 'ioredis';
import type { CpuReader, HttpRowSpec } from './http-rows.ts';
import { pinProcess, type CpuPlan } from './pinning.ts';

/** The reference rows' ids: the rows a row's CPU µs/request is divided by. */
export const REFERENCE = {
  ceiling: 'ceiling',
  floor: 'ref:recording-floor',
  koaSession: 'ref:koa-session-tuned',
  jose: 'ref:jose',
  joseExists: 'ref:jose+exists',
} as const;

/** The URLs a bench server process serves, its lab key, and a reader of its CPU time. */
export interface BenchServer {
  appUrl: string;
  labKey: string;
  bareUrl: string;
  /** The recording floor (reference-stacks.ts): bare Koa + Host check + API headers + error envelope + a minimal recorder. */
  floorUrl: string;
  /** Stock koa-session + koa-redis (Redis only). */
  stockUrl?: string;
  /** koa-session with a KeyObject signer and an ioredis store (Redis only). */
  tunedUrl?: string;
  stockJwtUrl: string;
  stockToken: string;
  /** jose + a Redis EXISTS of the jti (Redis only), and its token. */
  joseExistsUrl?: string;
  joseExistsToken?: string;
  /** The server process's CPU time so far (user + system), in µs. */
  cpu: CpuReader;
  /** The server process's id (a load run's client is its child). */
  pid?: number;
  stop(): void;
}

/** Starts test/bench/server-process.ts with a store (pinned to the plan's server CPU, when there is a plan), and waits for its URLs. */
export async function startBenchServer(
  options: {
    dataDir: string;
    store: 'sqlite' | 'redis';
    redisUrl?: string;
    redisCluster?: string;
  },
  cpus: CpuPlan | null,
): Promise<BenchServer> {
  const child = fork(new URL('./server-process.ts', import.meta.url).pathname, [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (cpus && child.pid !== undefined && !pinProcess(child.pid, cpus.server))
    throw new Error(`could not pin the bench server to CPU ${cpus.server}`);
  const urls = await new Promise<Omit<BenchServer, 'stop' | 'cpu'>>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Omit<BenchServer, 'stop' | 'cpu'>));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const cpu = () =>
    new Promise<number>((resolve) => {
      child.once('message', (message) => resolve((message as { cpuUs: number }).cpuUs));
      child.send('cpu');
    });
  return { ...urls, cpu, pid: child.pid, stop: () => child.disconnect() };
}

/** Logs in as the demo user alice and returns the Cookie header the browser would send. */
export async function loginCookie(appUrl: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/v1/session/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: appUrl },
    body: JSON.stringify({ username: 'alice', password: 'alice-lab-pass' }),
  });
  if (res.status !== 200) throw new Error(`bench login failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** `GET /api/v1/session/me` with a valid cookie, 50 connections; its CPU is compared with the tuned koa-session's. */
export async function sessionMeRow(label: string, server: BenchServer): Promise<HttpRowSpec> {
  const cookie = await loginCookie(server.appUrl);
  return {
    name: `${label}: GET /api/v1/session/me (valid cookie; × ref CPU: tuned koa-session)`,
    url: `${server.appUrl}/api/v1/session/me`,
    options: { connections: 50, headers: { Cookie: cookie }, cpu: server.cpu, compareWith: REFERENCE.koaSession },
  };
}

async function referenceCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/login`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/**
 * The cookie references on Redis, each reading the session on every request: stock koa-session + koa-redis, and
 * koa-session with a node:crypto KeyObject signer and a direct ioredis store (auto-pipelining), the tuned one.
 */
export async function cookieReferenceRows(server: BenchServer): Promise<HttpRowSpec[]> {
  const stockCookie = await referenceCookie(server.stockUrl!);
  const tunedCookie = await referenceCookie(server.tunedUrl!);
  return [
    {
      name: 'reference: Koa + koa-session + koa-redis (defaults)',
      url: `${server.stockUrl}/me`,
      options: { connections: 50, headers: { Cookie: stockCookie }, cpu: server.cpu },
    },
    {
      name: 'reference: Koa + koa-session, KeyObject HMAC signer, ioredis store (auto-pipelining)',
      url: `${server.tunedUrl}/me`,
      options: { connections: 50, headers: { Cookie: tunedCookie }, cpu: server.cpu, id: REFERENCE.koaSession },
    },
  ];
}

/** The bare Koa route every row's ops/s is divided by (each server process has its own, measured in its rounds). */
export function ceilingRow(server: BenchServer, label = ''): HttpRowSpec {
  return {
    name: `ceiling: bare Koa route${label}`,
    url: server.bareUrl,
    options: { cpu: server.cpu, id: REFERENCE.ceiling },
  };
}

/** Redis bytes per live session: MEMORY USAGE of a session key plus its share of the user's index. */
export async function bytesPerSession(redisUrl: string, appUrl: string, sessions: number): Promise<number> {
  for (let i = 0; i < sessions; i++) await loginCookie(appUrl);
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys('sl:sess:*');
    const [index] = await redis.keys('sl:user_sessions:*');
    const sessionBytes = await Promise.all(keys.map((key) => redis.memory('USAGE', key, 'SAMPLES', '0')));
    const indexBytes = Number(await redis.memory('USAGE', index!, 'SAMPLES', '0'));
    const members = await redis.zcard(index!);
    const average = sessionBytes.reduce<number>((sum, bytes) => sum + Number(bytes), 0) / keys.length;
    return average + indexBytes / members;
  } finally {
    redis.disconnect();
  }
}
