import { fork } from 'node:child_process';
import { Redis } from 'ioredis';
import { measureHttp, type BenchRow } from './http-rows.ts';

/** The URLs a bench server process serves. */
export interface BenchServer {
  appUrl: string;
  bareUrl: string;
  stockUrl?: string;
  stockJwtUrl: string;
  stockToken: string;
  stop(): void;
}

/** Starts test/bench/server-process.ts with a store, and waits for its URLs. */
export async function startBenchServer(options: {
  dataDir: string;
  store: 'sqlite' | 'redis';
  redisUrl?: string;
  redisCluster?: string;
}): Promise<BenchServer> {
  const child = fork(new URL('./server-process.ts', import.meta.url).pathname, [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const urls = await new Promise<Omit<BenchServer, 'stop'>>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Omit<BenchServer, 'stop'>));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { ...urls, stop: () => child.disconnect() };
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

/** `GET /api/v1/session/me` with a valid cookie, 50 connections. */
export async function sessionMeRow(label: string, appUrl: string, seconds: number): Promise<BenchRow> {
  const cookie = await loginCookie(appUrl);
  return measureHttp(`${label}: GET /api/v1/session/me (valid cookie)`, `${appUrl}/api/v1/session/me`, seconds, 50, {
    Cookie: cookie,
  });
}

/** The stock stack's equivalent: koa-session + koa-redis reading the session on every request. */
export async function stockRow(stockUrl: string, seconds: number): Promise<BenchRow> {
  const res = await fetch(`${stockUrl}/login`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return measureHttp('reference: Koa + koa-session + koa-redis (defaults)', `${stockUrl}/me`, seconds, 50, {
    Cookie: cookie,
  });
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
    const members = await redis.scard(index!);
    const average = sessionBytes.reduce<number>((sum, bytes) => sum + Number(bytes), 0) / keys.length;
    return average + indexBytes / members;
  } finally {
    redis.disconnect();
  }
}
