import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/api/error.ts';
import { BACKENDS } from '../support/backends.ts';
import { testApp, type TestApp } from '../support/test-app.ts';

// What the guard refuses at the door is never recorded: test/server/inspector/exchange-flood.test.ts.
describe.each(BACKENDS)('request guards on $name', (backend) => {
  let t: TestApp;
  let server: http.Server;
  let host: string;
  beforeAll(async () => {
    await backend.setup();
    t = await testApp({ config: { bodyLimitBytes: 65_536 }, store: await backend.fresh() });
    server = http.createServer(t.app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
    await backend.teardown();
  });
  const api = () => request(server);

  function expectError(res: request.Response, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.type).toBe('application/json');
    const body = errorBodySchema.parse(res.body);
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  }

  it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit, declared or streamed', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(70_000) });
    expectError(
      await api().post('/api/v1/health').set('Content-Type', 'application/json').send(big),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: Number(host.split(':')[1]),
          method: 'POST',
          path: '/api/v1/health',
          headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(4_096));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('answers 400 INVALID_JSON for malformed JSON', async () => {
    for (const bad of ['{bad', '{"a":1,}', 'undefined', '"unterminated']) {
      expectError(
        await api().post('/api/v1/health').set('Content-Type', 'application/json').send(bad),
        400,
        'INVALID_JSON',
      );
    }
  });

  it('answers 415 for a body that is not JSON, or compressed', async () => {
    expectError(
      await api().post('/api/v1/health').set('Content-Type', 'text/plain').send('hello'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(await api().post('/api/v1/health').type('form').send('a=1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(
      await api()
        .post('/api/v1/health')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send('{}'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('reads a valid JSON body and then routes: 405 with Allow for a known path with another method', async () => {
    const res = await api().post('/api/v1/health').set('Content-Type', 'application/json').send('{"ok":true}');
    expectError(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toContain('GET');
  });

  it('answers a method no route has (TRACE, PROPFIND) 405 with the JSON error, not the router’s bare 501', async () => {
    for (const method of ['TRACE', 'PROPFIND']) {
      const status = await new Promise<{ status: number; body: string; allow: string }>((resolve, reject) => {
        const server = http.createServer(t.app.callback()).listen(0, '127.0.0.1', () => {
          const { port } = server.address() as AddressInfo;
          http
            .request({ host: '127.0.0.1', port, method, path: '/api/v1/health' }, (res) => {
              let body = '';
              res.on('data', (chunk: Buffer) => (body += chunk.toString()));
              res.on('end', () =>
                server.close(() =>
                  resolve({ status: res.statusCode ?? 0, body, allow: String(res.headers.allow ?? '') }),
                ),
              );
            })
            .on('error', reject)
            .end();
        });
      });
      expect(status.status).toBe(405);
      expect(status.allow).toContain('GET');
      expect(JSON.parse(status.body)).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    }
  });

  it('closes the connection after refusing a body, instead of reading it to its end', async () => {
    const res = await api()
      .post('/api/v1/health')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
  });

  it('refuses a Host that is not the loopback address and port being served (DNS rebinding)', async () => {
    for (const badHost of [
      'evil.example',
      'evil.example:80',
      `attacker.test:${host.split(':')[1]}`,
      '127.0.0.1:1',
      '0.0.0.0:' + host.split(':')[1],
    ]) {
      expectError(await api().get('/api/v1/health').set('Host', badHost), 403, 'FORBIDDEN_HOST');
    }
    const refused = await api().get('/api/v1/health').set('Host', 'evil.example');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect((await api().get('/api/v1/health').set('Host', host)).status).toBe(200);
    expect((await api().get('/api/v1/health').set('Host', host.replace('127.0.0.1', 'localhost'))).status).toBe(200);
  });

  it('refuses state-changing requests from another origin', async () => {
    const res = await api()
      .post('/api/v1/health')
      .set('Origin', 'https://evil.example')
      .set('Content-Type', 'application/json')
      .send('{}');
    expectError(res, 403, 'FORBIDDEN_ORIGIN');
    const same = await api()
      .post('/api/v1/health')
      .set('Origin', `http://${host}`)
      .set('Content-Type', 'application/json')
      .send('{}');
    expect(same.status).toBe(405);
  });

  it('matches paths with their case, so no guard can be stepped around by capital letters', async () => {
    const users = t.accounts.count();
    for (const [method, path] of [
      ['get', '/API/V1/USERS'],
      ['post', '/API/v1/users'],
      ['put', '/api/v1/LAB/token-settings'],
      ['get', '/api/v1/Inspector/har'],
      ['get', '/API/V1/INSPECTOR/keys'],
      ['delete', '/api/v1/INSPECTOR/keys/sl:x'],
    ] as const) {
      const agent = api();
      const res = await agent[method](path)
        .set('Content-Type', 'application/json')
        .send(
          method === 'get'
            ? undefined
            : '{"username":"mallory","email":"m@example.test","password":"long-enough-pass"}',
        );
      expectError(res, 404, 'NOT_FOUND');
    }
    expect(t.accounts.count()).toBe(users);
  });

  it('answers an unknown route with a JSON 404 NOT_FOUND', async () => {
    expectError(await api().get('/api/v1/no-such-thing'), 404, 'NOT_FOUND');
    expectError(await api().get('/api'), 404, 'NOT_FOUND');
    expectError(await api().delete('/api/v1/health/x'), 404, 'NOT_FOUND');
    expectError(await api().get('/assets/missing.js'), 404, 'NOT_FOUND');
  });

  it('sends the page policy with pages, and the short REST set (no-store) with API answers', async () => {
    const page = await api().get('/');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const res = await api().get('/api/v1/health');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    const error = await api().get('/api/v1/nope');
    expect(error.headers['cache-control']).toBe('no-store');
  });
});
