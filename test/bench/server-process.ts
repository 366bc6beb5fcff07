// The server process of `npm run bench`: Session Lab's own server on the chosen store and, beside it in
// the same process, a bare Koa route that does nothing (the ceiling every row is compared with), stock jose
// on Koa and, on Redis, the reference stacks (reference-stacks.ts). It answers the IPC message 'cpu' with its
// process.cpuUsage() (user + system µs), so the bench can read the server's CPU time around each row.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { parseConfig } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';
import { joseReference, recordingFloor, stockKoaSession, tunedKoaSession } from './reference-stacks.ts';

interface Options {
  dataDir: string;
  store: 'sqlite' | 'redis';
  redisUrl?: string;
  /** A Redis Cluster's seeds (`host:port,…`) instead of `redisUrl`. */
  redisCluster?: string;
}

const options = JSON.parse(process.argv[2]!) as Options;

async function listen(app: Koa): Promise<string> {
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const server = await startServer(
  parseConfig({
    dataDir: options.dataDir,
    store: options.store,
    redisUrl: options.redisUrl,
    redisCluster: options.redisCluster ?? 'off',
    port: 0,
    logLevel: 'silent',
    sessionLimit: 100,
  }),
);

const bare = new Koa();
bare.use((ctx) => {
  ctx.body = 'ok';
});

const floor = recordingFloor();
const floorUrl = await listen(floor.app);
floor.allowHost(new URL(floorUrl).host);

const closers: (() => void)[] = [];
const jose = await joseReference();
let stockUrl: string | undefined;
let tunedUrl: string | undefined;
let joseExistsUrl: string | undefined;
let joseExistsToken: string | undefined;
if (options.redisUrl) {
  stockUrl = await listen(stockKoaSession(options.redisUrl));
  const tuned = tunedKoaSession(options.redisUrl);
  closers.push(tuned.close);
  tunedUrl = await listen(tuned.app);
  const joseExists = await joseReference(options.redisUrl);
  closers.push(joseExists.close);
  joseExistsUrl = await listen(joseExists.app);
  joseExistsToken = joseExists.token;
}

process.on('message', (message) => {
  if (message !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.send!({ cpuUs: user + system });
});

process.send!({
  appUrl: server.url,
  labKey: server.labKey,
  bareUrl: await listen(bare),
  floorUrl,
  stockUrl,
  tunedUrl,
  stockJwtUrl: await listen(jose.app),
  stockToken: jose.token,
  joseExistsUrl,
  joseExistsToken,
});
process.on('disconnect', () => {
  for (const close of closers) close();
  void server.close().then(() => process.exit(0));
});
