import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_BODY_LIMIT, replayOnLoopback } from '../../../server/labs/loopback-replay.ts';

describe('replayOnLoopback', () => {
  let server: Server;
  let port = 0;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url!, headers: req.headers });
      if (req.url === '/api/v1/big') {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ filler: 'x'.repeat(REPLAY_BODY_LIMIT * 2) }));
      } else if (req.url === '/api/v1/text') res.end('plain words');
      else if (req.url === '/api/v1/bad-json') {
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end('{not json');
      } else if (req.url === '/api/v1/empty') {
        res.statusCode = 204;
        res.end();
      } else {
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.statusCode = 418;
        res.end('{"error":{"code":"TEAPOT","message":"short and stout"}}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends exactly the cookie and authorization given, to 127.0.0.1 on the port, and parses a JSON answer', async () => {
    const answer = await replayOnLoopback(port, {
      method: 'GET',
      path: '/api/v1/json?x=1',
      cookie: 'a=1; b=2',
      authorization: 'Bearer t',
    });
    expect(answer).toEqual({ status: 418, body: { error: { code: 'TEAPOT', message: 'short and stout' } } });
    const request = seen.at(-1)!;
    expect(request.url).toBe('/api/v1/json?x=1');
    expect(request.headers).toEqual({
      host: `127.0.0.1:${port}`,
      connection: 'close',
      'x-session-lab-replay': '1',
      cookie: 'a=1; b=2',
      authorization: 'Bearer t',
    });
    await replayOnLoopback(port, { method: 'GET', path: '/api/v1/json' });
    expect(seen.at(-1)!.headers).toEqual({
      host: `127.0.0.1:${port}`,
      connection: 'close',
      'x-session-lab-replay': '1',
    });
  });

  it('answers text as text, JSON that does not parse as text, an empty body as the empty string', async () => {
    expect(await replayOnLoopback(port, { method: 'GET', path: '/api/v1/text' })).toEqual({
      status: 200,
      body: 'plain words',
    });
    expect(await replayOnLoopback(port, { method: 'GET', path: '/api/v1/bad-json' })).toEqual({
      status: 200,
      body: '{not json',
    });
    expect(await replayOnLoopback(port, { method: 'GET', path: '/api/v1/empty' })).toEqual({ status: 204, body: '' });
  });

  it('cuts a body past the limit and answers it as text', async () => {
    const answer = await replayOnLoopback(port, { method: 'GET', path: '/api/v1/big' });
    expect(answer.status).toBe(200);
    expect(typeof answer.body).toBe('string');
    expect(answer.body as string).toHaveLength(REPLAY_BODY_LIMIT + 1);
    expect((answer.body as string).endsWith('…')).toBe(true);
  });

  it('fails when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(replayOnLoopback(free, { method: 'GET', path: '/api/v1/health' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
