// The server process of `npm run bench`: Session Lab's own server and, beside it in the same process,
// a bare Koa route that does nothing: the ceiling every other row is compared with.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { parseConfig } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';

const dataDir = process.argv[2]!;
const server = await startServer(parseConfig({ dataDir, store: 'sqlite', port: 0, logLevel: 'silent' }));
const bare = new Koa();
bare.use((ctx) => {
  ctx.body = 'ok';
});
const bareServer = http.createServer(bare.callback());
await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));
process.send!({ appUrl: server.url, bareUrl: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}` });
process.on('disconnect', () => {
  bareServer.close();
  void server.close().then(() => process.exit(0));
});
