// The server process of `npm run bench`: Session Lab's own server on the chosen store and, beside it in
// the same process, a bare Koa route that does nothing (the ceiling every row is compared with) and,
// on Redis, the stock stack (Koa + koa-session + koa-redis, default options) as the reference.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import redisStore from 'koa-redis';
import session from 'koa-session';
import { SignJWT, jwtVerify } from 'jose';
import { parseConfig } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';

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

// Stock jose on Koa, the token reference: a Uint8Array secret handed to jwtVerify on every request.
const secret = new TextEncoder().encode('bench-secret-of-thirty-two-bytes!');
const stockToken = await new SignJWT({ role: 'user' })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject('2')
  .setExpirationTime('1h')
  .sign(secret);
const stockJwt = new Koa();
stockJwt.use(async (ctx) => {
  const { payload } = await jwtVerify(ctx.get('Authorization').slice(7), secret, { algorithms: ['HS256'] });
  ctx.body = { sub: payload.sub, data: [1, 2] };
});

let stockUrl: string | undefined;
if (options.redisUrl) {
  const { hostname, port } = new URL(options.redisUrl);
  const stock = new Koa();
  stock.keys = ['bench-signing-key'];
  stock.use(session({ store: redisStore({ host: hostname, port: Number(port) }) as never }, stock));
  stock.use((ctx) => {
    if (ctx.path === '/login') ctx.session!.user = { id: 2, username: 'alice', role: 'user' };
    ctx.body = { user: ctx.session!.user ?? null };
  });
  stockUrl = await listen(stock);
}

process.send!({
  appUrl: server.url,
  bareUrl: await listen(bare),
  stockUrl,
  stockJwtUrl: await listen(stockJwt),
  stockToken,
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
