import { describe, expect, it } from 'vitest';
import type { CommandEntry, ReadEntry } from '../../renderer/src/inspector/inspector-model.ts';
import { buildDiagram, credentialOf, MAX_COMMANDS, setCookieOf } from '../../renderer/src/sequence/sequence-model.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';

const ORIGIN = 'http://127.0.0.1:4000';
const context = { origin: ORIGIN, storeLabel: 'Redis', cookieName: 'sl_session' };

const exchange = (id: number, extra: Partial<HttpEvent> = {}): HttpEvent => ({
  id,
  method: 'GET',
  path: '/api/v1/session/me',
  status: 200,
  duration: 1,
  startedAt: 1_000 + id,
  requestHeaders: { host: '127.0.0.1:4000' },
  responseHeaders: {},
  requestBody: null,
  responseBody: null,
  ...extra,
});
const write = (seq: number, cause: number, command: string, key: string): CommandEntry => ({
  seq,
  op: 'set',
  key,
  at: 1_000 + seq,
  command,
  cause,
});
const read = (seq: number, cause: number, command: string, key: string): ReadEntry => ({
  seq,
  key,
  command,
  at: 1_000 + seq,
  cause,
});

describe('the sequence diagram of exchanges', () => {
  it('names the credential a request carried, shortened, with the whole header for a hover', () => {
    const cookie = credentialOf(
      exchange(1, { requestHeaders: { cookie: 'theme=dark; sl_session=abcdefghijkl; sl_session.sig=xyz' } }),
      'sl_session',
    );
    expect(cookie).toEqual({
      short: 'Cookie: sl_session=abcdefgh…',
      full: 'Cookie: theme=dark; sl_session=abcdefghijkl; sl_session.sig=xyz',
    });
    const bearer = credentialOf(
      exchange(2, { requestHeaders: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig123456' } }),
      'sl_session',
    );
    expect(bearer?.short).toBe('Authorization: Bearer eyJhbGciOi…123456');
    expect(credentialOf(exchange(3), 'sl_session')).toBeNull();
  });

  it('says which cookies a response set, and which it cleared', () => {
    const set = setCookieOf(
      exchange(1, {
        responseHeaders: {
          'set-cookie': [
            'sl_session=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly',
            'sl_session.sig=abc; path=/; httponly',
          ],
        },
      }),
    );
    expect(set?.short).toBe('Set-Cookie: sl_session (cleared), sl_session.sig');
    expect(set?.full).toContain('Set-Cookie: sl_session=; path=/');
    expect(setCookieOf(exchange(2))).toBeNull();
  });

  it('says what a token login handed over in its body (the JWT and the refresh token): no cookie', () => {
    const login = exchange(3, {
      method: 'POST',
      path: '/api/v1/token/login',
      responseBody: JSON.stringify({ access_token: 'eyJ…', refresh_token: 'r…', expires_in: 900 }),
    });
    const { blocks } = buildDiagram([login], new Map(), new Map(), context);
    expect(blocks[0]!.arrows.at(-1)).toMatchObject({
      kind: 'response',
      setCookie: null,
      body: { short: 'Body: access_token (a JWT) + refresh_token' },
    });
  });

  it('draws the request, every store command in the order it ran (reads and writes, the attempt counters folded), and the response', () => {
    const login = exchange(5, {
      method: 'POST',
      path: '/api/v1/session/login?x=1',
      responseBody: JSON.stringify({ ok: true }),
      responseHeaders: { 'set-cookie': 'sl_session=abc; path=/; httponly' },
    });
    const caused = new Map([
      [
        5,
        [
          write(1, 5, 'INCR sl:throttle:user:alice', 'sl:throttle:user:alice'),
          write(2, 5, 'PEXPIRE sl:throttle:user:alice 300000 NX', 'sl:throttle:user:alice'),
          write(4, 5, "SET sl:sess:abc '{}' PX 1800000", 'sl:sess:abc'),
        ],
      ],
    ]);
    const readBy = new Map([[5, [read(3, 5, 'ZRANGE sl:user_sessions:2 0 -1 WITHSCORES', 'sl:user_sessions:2')]]]);
    const { lanes, blocks } = buildDiagram([login], caused, readBy, context);
    expect(lanes.map((lane) => lane.id)).toEqual(['browser', 'server', 'store']);
    expect(lanes.at(-1)?.detail).toBe('Redis');
    const arrows = blocks[0]!.arrows;
    expect(arrows.map((arrow) => [arrow.kind, arrow.from, arrow.to, arrow.label.short])).toEqual([
      ['request', 'browser', 'server', 'POST /api/v1/session/login'],
      ['command', 'server', 'store', 'login attempt counters: 2 commands'],
      ['command', 'server', 'store', 'ZRANGE sl:user_sessions:2 0 -1 WITHSCORES'],
      ['command', 'server', 'store', "SET sl:sess:abc '{}' PX 1800000"],
      ['response', 'server', 'browser', '200'],
    ]);
    expect(
      arrows.filter((arrow) => arrow.kind === 'command').map((arrow) => arrow.kind === 'command' && arrow.read),
    ).toEqual([false, true, false]);
    const response = arrows.at(-1)!;
    expect(response.kind === 'response' && response.setCookie?.short).toBe('Set-Cookie: sl_session');
  });

  it('gives a refusal its code, draws at most MAX_COMMANDS commands until expanded, and adds lanes only for who took part', () => {
    const refused = exchange(7, {
      status: 401,
      responseBody: JSON.stringify({ error: { code: 'TOKEN_REVOKED', message: 'x' } }),
    });
    const many = exchange(8);
    const reads = new Map([[8, Array.from({ length: MAX_COMMANDS + 3 }, (_, i) => read(i, 8, `GET k${i}`, `k${i}`))]]);
    const forged = exchange(9, {
      method: 'POST',
      requestHeaders: { host: '127.0.0.1:4000', origin: 'http://localhost:5000' },
    });
    const fromB = exchange(10, { instance: { name: 'B', store: 'memory', port: 4100 } });
    const { lanes, blocks } = buildDiagram([refused, many, forged, fromB], new Map(), reads, context);
    expect(blocks[0]!.arrows.at(-1)).toMatchObject({
      kind: 'response',
      refused: true,
      label: { short: '401 TOKEN_REVOKED' },
    });
    expect(blocks[1]!.arrows.filter((arrow) => arrow.kind === 'command')).toHaveLength(MAX_COMMANDS);
    expect(blocks[1]!.more).toBe(3);
    expect(blocks[2]!.arrows[0]).toMatchObject({ from: 'other', to: 'server' });
    expect(blocks[3]!.arrows[0]).toMatchObject({ from: 'browser', to: 'b' });
    expect(lanes.map((lane) => lane.id)).toEqual(['other', 'browser', 'server', 'b', 'store', 'b-store']);
    expect(lanes[0]!.detail).toBe('localhost:5000');
    // Beside instance B the server is lab 9's "A"; alone it is just the server.
    expect(lanes.find((lane) => lane.id === 'server')!.label).toBe('Server A');
    expect(
      buildDiagram([refused], new Map(), new Map(), context).lanes.find((lane) => lane.id === 'server')!.label,
    ).toBe('Server');
    // The lab's replay tool sending a copied cookie on to B: the server (A) is who asks, and the label says so.
    const replayedToB = exchange(11, {
      instance: { name: 'B', store: 'shared', port: 4100 },
      requestHeaders: { host: '127.0.0.1:4100', 'x-session-lab-replay': '1' },
    });
    const [block] = buildDiagram([replayedToB], new Map(), new Map(), context).blocks;
    expect(block!.arrows[0]).toMatchObject({
      from: 'server',
      to: 'b',
      label: { full: 'GET /api/v1/session/me (the lab’s replay)' },
    });
    expect(block!.arrows.at(-1)).toMatchObject({ from: 'b', to: 'server' });
    // Expanded (the learner asked for all of them), the block draws every command it ran.
    const all = buildDiagram([many], new Map(), reads, context, new Set([8])).blocks[0]!;
    expect(all.arrows.filter((arrow) => arrow.kind === 'command')).toHaveLength(MAX_COMMANDS + 3);
    expect(all.more).toBe(0);
  });
});
