// The reference stacks of `npm run bench`, served by the bench's server process beside Session Lab's server:
// what a plain Koa app with the same library does for the same check, so a row can be read against it.
import { createHmac, createSecretKey, randomUUID, timingSafeEqual } from 'node:crypto';
import Koa from 'koa';
import redisStore from 'koa-redis';
import session from 'koa-session';
import { Redis } from 'ioredis';
import { SignJWT, jwtVerify } from 'jose';
import { SseBatch } from '../../server/inspector/sse-batch.ts';
import { API_HEADERS } from '../../server/middleware/security-headers.ts';

/** A KeyGrip-like `keys` object over one KeyObject HMAC-SHA256 key, as Koa's signed cookies call it. */
function keyObjectSigner(secret: string) {
  const key = createSecretKey(Buffer.from(secret));
  const mac = (data: string) => createHmac('sha256', key).update(data).digest();
  const index = (data: string, digest: string) => {
    const given = Buffer.from(digest, 'base64url');
    const expected = mac(data);
    return given.length === expected.length && timingSafeEqual(given, expected) ? 0 : -1;
  };
  return {
    sign: (data: string) => mac(data).toString('base64url'),
    verify: (data: string, digest: string) => index(data, digest) === 0,
    index,
  };
}

const DAY_MS = 86_400_000;

/** koa-session's external store on one ioredis client (auto-pipelining on): GET, SET … PX, DEL. */
function ioredisStore(redis: Redis) {
  return {
    async get(key: string) {
      const raw = await redis.get(key);
      return raw === null ? null : (JSON.parse(raw) as object);
    },
    async set(key: string, value: object, maxAge: number | 'session' | undefined) {
      await redis.set(key, JSON.stringify(value), 'PX', typeof maxAge === 'number' ? maxAge : DAY_MS);
    },
    async destroy(key: string) {
      await redis.del(key);
    },
  };
}

/** The session routes both cookie references serve: `/login` makes alice's session, anything else reads it. */
function sessionRoutes(app: Koa): void {
  app.use((ctx) => {
    if (ctx.path === '/login') ctx.session!.user = { id: 2, username: 'alice', role: 'user' };
    ctx.body = { user: ctx.session!.user ?? null };
  });
}

/** Stock koa-session + koa-redis with default options. */
export function stockKoaSession(redisUrl: string): Koa {
  const { hostname, port } = new URL(redisUrl);
  const app = new Koa();
  app.keys = ['bench-signing-key'];
  app.use(session({ store: redisStore({ host: hostname, port: Number(port) }) as never }, app));
  sessionRoutes(app);
  return app;
}

/** koa-session 7 with a node:crypto KeyObject signer and a direct ioredis store (auto-pipelining). */
export function tunedKoaSession(redisUrl: string): { app: Koa; close(): void } {
  const redis = new Redis(redisUrl, { enableAutoPipelining: true });
  const app = new Koa();
  app.keys = keyObjectSigner('bench-signing-key-of-32-bytes!!!') as never;
  app.use(session({ store: ioredisStore(redis) }, app));
  sessionRoutes(app);
  return { app, close: () => redis.disconnect() };
}

/**
 * Stock jose `jwtVerify` HS256 with the key imported once (a WebCrypto CryptoKey), and a token shaped like the
 * app's (kid, typ, iss, aud, sub, jti, iat, nbf, exp, role, acct, fam). With a Redis URL, each request also asks
 * Redis `EXISTS` of the token's jti (a denylist), on one ioredis client with auto-pipelining.
 */
export async function joseReference(redisUrl?: string): Promise<{ app: Koa; token: string; close(): void }> {
  const secret = new TextEncoder().encode('bench-secret-of-thirty-two-bytes!');
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
  const iat = Math.floor(Date.now() / 1_000);
  const token = await new SignJWT({ role: 'user', acct: 'bench-account-key', fam: randomUUID() })
    .setProtectedHeader({ alg: 'HS256', kid: 'bench-kid', typ: 'JWT' })
    .setIssuer('session-lab')
    .setAudience('session-lab-api')
    .setSubject('2')
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + 3_600)
    .sign(key);
  const redis = redisUrl ? new Redis(redisUrl, { enableAutoPipelining: true }) : undefined;
  const app = new Koa();
  app.use(async (ctx) => {
    const { payload } = await jwtVerify(ctx.get('Authorization').slice(7), key, {
      algorithms: ['HS256'],
      issuer: 'session-lab',
      audience: 'session-lab-api',
    });
    if (redis && (await redis.exists(`sl:denylist:${payload.jti}`)) === 1) ctx.throw(401, 'revoked');
    ctx.body = { sub: payload.sub, data: [1, 2] };
  });
  return { app, token, close: () => redis?.disconnect() };
}

/**
 * The recording floor: bare Koa plus only what every request to an app like this one must pay before any auth: a Host
 * check, the API's security headers, an error envelope, and the smallest honest recorder (copies the request's
 * headers, and when the answer is sent serialises method, path, status, duration and both header sets once and
 * writes it as an SSE frame to each window, batched per turn as the app does). No routing, no store, no lab. What
 * `GET /api/v1/health` with a window costs above this is the app's own; what this costs above the ceiling is the
 * price of recording at all. Its windows connect to `/api/v1/inspector/events`, as the app's do.
 */
export function recordingFloor(): { app: Koa; allowHost(host: string): void } {
  let allowedHost = '';
  const windows = new Set<SseBatch>();
  let nextId = 1;
  const app = new Koa();
  app.use((ctx, next) => {
    if (ctx.get('Host') === allowedHost) return next();
    ctx.status = 403;
    ctx.body = { error: { code: 'HOST_NOT_ALLOWED', message: 'This server answers to its loopback address only.' } };
  });
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch {
      ctx.status = 500;
      ctx.body = { error: { code: 'INTERNAL', message: 'Something went wrong on the server.' } };
    }
  });
  app.use((ctx, next) => {
    ctx.set(API_HEADERS);
    if (ctx.path === '/api/v1/inspector/events') return next();
    const started = performance.now();
    const requestHeaders = { ...ctx.req.headers };
    const res = ctx.res;
    res.once('finish', () => {
      const id = nextId++;
      const json = JSON.stringify({
        id,
        method: ctx.method,
        path: ctx.path,
        status: res.statusCode,
        durationMs: performance.now() - started,
        request: { headers: requestHeaders },
        response: { headers: res.getHeaders() },
      });
      const frame = `id: ${id}\nevent: http\ndata: ${json}\n\n`;
      for (const window of windows) window.write(frame);
    });
    return next();
  });
  app.use((ctx) => {
    if (ctx.path !== '/api/v1/inspector/events') {
      ctx.body = { status: 'ok' };
      return;
    }
    ctx.req.socket.setTimeout(0);
    ctx.respond = false;
    ctx.res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    ctx.res.flushHeaders();
    const batch = new SseBatch();
    batch.pipe(ctx.res);
    windows.add(batch);
    ctx.res.once('close', () => windows.delete(batch));
  });
  return { app, allowHost: (host) => (allowedHost = host) };
}
