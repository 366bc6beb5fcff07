import { describe, expect, it } from 'vitest';
import { comparisonFigures } from '../../renderer/src/comparison/comparison-figures.ts';
import { curlCommand } from '../../renderer/src/inspector/curl.ts';
import type { InspectorSnapshot } from '../../renderer/src/inspector/inspector-model.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';

function exchange(change: Partial<HttpEvent>): HttpEvent {
  return {
    id: 1,
    method: 'GET',
    path: '/',
    status: 200,
    duration: 1,
    startedAt: 0,
    requestHeaders: {},
    responseHeaders: {},
    requestBody: null,
    responseBody: null,
    ...change,
  };
}

describe('Copy as curl', () => {
  it('quotes for the shell, keeps the headers that matter and the body as recorded', () => {
    const command = curlCommand(
      exchange({
        method: 'POST',
        path: '/api/v1/session/login',
        requestHeaders: {
          host: '127.0.0.1:1',
          'content-length': '9',
          'content-type': 'application/json',
          cookie: "a=it's",
        },
        requestBody: '{"username":"o\'brien","password":"[redacted]"}',
      }),
      'http://127.0.0.1:1',
    );
    expect(command).toBe(
      [
        `curl 'http://127.0.0.1:1/api/v1/session/login'`,
        '-X POST',
        `-H 'content-type: application/json'`,
        `-H 'cookie: a=it'\\''s'`,
        `--data-raw '{"username":"o'\\''brien","password":"[redacted]"}'`,
      ].join(' \\\n  '),
    );
  });

  it("names instance B's port for an exchange lab 9's second instance answered", () => {
    const onB = exchange({
      path: '/api/v1/session/me',
      requestHeaders: { host: 'evil.example:1' },
      instance: { name: 'B', store: 'memory', port: 4242 },
    });
    expect(curlCommand(onB, 'http://127.0.0.1:1')).toBe(`curl 'http://127.0.0.1:4242/api/v1/session/me'`);
    expect(curlCommand({ ...onB, instance: undefined }, 'http://127.0.0.1:1')).toBe(
      `curl 'http://127.0.0.1:1/api/v1/session/me'`,
    );
  });

  it('names the loopback port an exchange was sent to (the lab 5 site answers on its own)', () => {
    const onSite = exchange({ path: '/lab/xss?name=x', requestHeaders: { host: '127.0.0.1:5173' } });
    expect(curlCommand(onSite, 'http://127.0.0.1:1')).toBe(`curl 'http://127.0.0.1:5173/lab/xss?name=x'`);
    expect(curlCommand({ ...onSite, requestHeaders: { host: 'LOCALHOST:5173' } }, 'http://127.0.0.1:1')).toBe(
      `curl 'http://localhost:5173/lab/xss?name=x'`,
    );
  });
});

describe('the comparison figures', () => {
  it('are read from the exchanges the inspector saw: bytes of each credential, check times, what revocation did', () => {
    const caused = new Map([
      [3, [{ op: 'set' as const, key: 'sl:denylist:j', at: 0, command: 'SET sl:denylist:j 1 PX 5', cause: 3, seq: 1 }]],
    ]);
    const snapshot = {
      exchanges: [
        exchange({ id: 3, method: 'POST', path: '/api/v1/token/logout', status: 204 }),
        exchange({
          id: 2,
          path: '/api/v1/token/data',
          duration: 2.5,
          requestHeaders: { authorization: 'Bearer abc.def.ghi', cookie: 'sl_session=s; sl_session.sig=t' },
        }),
        exchange({
          id: 1,
          path: '/api/v1/session/me',
          duration: 1.5,
          requestHeaders: { cookie: 'other=1; sl_session=s; sl_session.sig=t' },
        }),
      ],
      caused,
      keys: [],
      metrics: null,
    } as unknown as InspectorSnapshot;
    const figures = comparisonFigures(snapshot);
    expect(figures.cookieBytes).toBe('cookie: sl_session=s; sl_session.sig=t'.length);
    expect(figures.tokenBytes).toBe('authorization: Bearer abc.def.ghi'.length);
    expect(figures).toMatchObject({
      sessionCheckMs: 1.5,
      tokenCheckMs: 2.5,
      lastCookieRevocation: null,
      lastTokenRevocation: { at: 0, commands: ['SET sl:denylist:j 1 PX 5'] },
    });
  });
});
