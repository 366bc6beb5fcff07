import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../server/routes/dispatch.ts';
import { createRouter } from '../../server/routes/router.ts';

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** Serves the routers mounted one by one (as the app did) or through `dispatch`, and a fallback after them. */
async function serve(makeRouters: () => ReturnType<typeof createRouter>[], dispatched: boolean): Promise<string> {
  const app = new Koa();
  const routers = makeRouters();
  if (dispatched) app.use(dispatch(routers));
  else
    for (const router of routers) {
      app.use(router.routes());
      app.use(router.allowedMethods());
    }
  // What comes after the routers (the renderer's files): answers its own paths only, so the routers' 405s show.
  app.use((ctx) => {
    if (ctx.path.startsWith('/elsewhere')) ctx.body = `rest ${ctx.method} ${ctx.path}`;
  });
  const server = http.createServer(app.callback());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Three routers: two share a path with different methods; one has a guard that must run only on its own routes. */
function routers() {
  const ran: string[] = [];
  const a = createRouter();
  a.get('/x', (ctx) => {
    ctx.body = 'a GET /x';
  });
  const b = createRouter();
  b.post('/x', (ctx) => {
    ctx.body = 'b POST /x';
  });
  b.get('/users/:id', (ctx) => {
    ctx.body = `b user ${ctx.params.id}`;
  });
  const c = createRouter();
  c.use(async (ctx, next) => {
    ran.push(ctx.path);
    ctx.set('X-Guard', 'c');
    await next();
  });
  c.get('/c/only', (ctx) => {
    ctx.body = 'c only';
  });
  return [a, b, c];
}

async function answer(base: string, method: string, path: string) {
  const res = await fetch(`${base}${path}`, { method });
  return {
    status: res.status,
    allow: res.headers.get('Allow'),
    guard: res.headers.get('X-Guard'),
    body: await res.text(),
  };
}

describe('dispatch over routers', () => {
  const cases: [string, string][] = [
    ['GET', '/x'],
    ['POST', '/x'],
    ['PUT', '/x'],
    ['DELETE', '/users/7'],
    ['GET', '/users/7'],
    ['GET', '/users/'],
    ['GET', '/c/only'],
    ['POST', '/c/only'],
    ['GET', '/C/ONLY'],
    ['GET', '/elsewhere'],
    ['PATCH', '/x'],
    ['OPTIONS', '/x'],
  ];

  it('answers every request exactly as the routers mounted one after another do', async () => {
    const mounted = await serve(routers, false);
    const dispatched = await serve(routers, true);
    for (const [method, path] of cases) {
      expect(await answer(dispatched, method, path), `${method} ${path}`).toEqual(await answer(mounted, method, path));
    }
  });

  it('runs a router only on the paths it has a route for, and reaches the right one', async () => {
    const base = await serve(routers, true);
    expect(await answer(base, 'POST', '/x')).toMatchObject({ status: 200, body: 'b POST /x' });
    expect(await answer(base, 'PUT', '/x')).toMatchObject({ status: 405, allow: 'HEAD, GET, POST' });
    expect(await answer(base, 'GET', '/users/42')).toMatchObject({ status: 200, body: 'b user 42' });
    // Router c's guard runs on its own route only; a path no router knows falls through to what comes after.
    expect(await answer(base, 'GET', '/c/only')).toMatchObject({ guard: 'c', body: 'c only' });
    expect(await answer(base, 'GET', '/elsewhere')).toMatchObject({
      status: 200,
      guard: null,
      body: 'rest GET /elsewhere',
    });
  });
});
