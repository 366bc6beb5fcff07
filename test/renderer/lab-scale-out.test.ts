import { describe, expect, it } from 'vitest';
import { scaleOutChecks } from '../../renderer/src/labs/scale-out-checks.ts';
import type { Evidence } from '../../renderer/src/labs/lab-types.ts';
import type { CommandEntry } from '../../renderer/src/inspector/inspector-model.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';

const B_PORT = 40_000;

function exchange(id: number, method: string, path: string, status: number, extra: Partial<HttpEvent> = {}): HttpEvent {
  return {
    id,
    method,
    path,
    status,
    duration: 1,
    startedAt: id * 10,
    requestHeaders: { host: '127.0.0.1:3000' },
    responseHeaders: {},
    requestBody: null,
    responseBody: null,
    ...extra,
  };
}
const onB = (store: 'shared' | 'memory') => ({ instance: { name: 'B' as const, store, port: B_PORT } });
const cookie = (sid: string) => ({
  requestHeaders: { host: `127.0.0.1:${B_PORT}`, cookie: `sl_session=${sid}; sl_session.sig=x` },
});
const notAuthenticated = { responseBody: JSON.stringify({ error: { code: 'NOT_AUTHENTICATED', message: 'no' } }) };

function evidenceOf(list: HttpEvent[], commands: CommandEntry[]): Evidence {
  const caused = new Map<number, CommandEntry[]>();
  for (const command of commands)
    if (typeof command.cause === 'number') caused.set(command.cause, [...(caused.get(command.cause) ?? []), command]);
  return { exchanges: list, commands, caused, store: null, storeEvents: [], load: [], metrics: null };
}
const command = (
  seq: number,
  op: CommandEntry['op'],
  key: string,
  cause: CommandEntry['cause'],
  at: number,
): CommandEntry => ({ seq, op, key, at, command: `${op.toUpperCase()} ${key}`, cause });
const proof = (id: string, evidence: Evidence) => scaleOutChecks.find((check) => check.id === id)!.proof(evidence);

describe('lab 9’s checks', () => {
  const login = exchange(1, 'POST', '/api/v1/session/login', 200);
  const write = command(1, 'set', 'sl:sess:s1', 1, 10);

  it('take B’s 401 as proof only for a session still alive when B refused it', () => {
    const logout = exchange(2, 'POST', '/api/v1/session/logout', 200);
    const del = command(2, 'del', 'sl:sess:s1', 2, 20);
    const refused = exchange(3, 'GET', '/api/v1/session/me', 401, {
      ...onB('memory'),
      ...cookie('s1'),
      ...notAuthenticated,
    });
    // Logged out before B was asked: B's refusal proves nothing about B's store.
    expect(proof('memory-cookie', evidenceOf([login, logout, refused], [write, del]))).toBeNull();
    expect(proof('memory-cookie', evidenceOf([login, refused], [write]))).toMatch(
      /exchange #3: GET \/api\/v1\/session\/me → 401 NOT_AUTHENTICATED on B \(127\.0\.0\.1:40000, its own memory\)/,
    );
  });

  it('tell the stores apart by what the server tagged, and want A’s own login', () => {
    const shared = exchange(2, 'GET', '/api/v1/session/me', 200, { ...onB('shared'), ...cookie('s1') });
    expect(proof('shared-cookie', evidenceOf([login, shared], [write]))).toMatch(
      /on B \(127\.0\.0\.1:40000, shared store\)/,
    );
    // The same answer from A itself, or from B on its own memory, is not the shared-store proof.
    expect(proof('shared-cookie', evidenceOf([login, { ...shared, instance: undefined }], [write]))).toBeNull();
    expect(proof('shared-cookie', evidenceOf([login, { ...shared, ...onB('memory') }], [write]))).toBeNull();
    // A login B answered is not A's.
    expect(proof('shared-cookie', evidenceOf([{ ...login, ...onB('shared') }, shared], [write]))).toBeNull();
  });

  it('want the token of A’s login answered 200 by B on both stores', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyIn0.c2ln';
    const tokenLogin = exchange(1, 'POST', '/api/v1/token/login', 200, {
      responseBody: JSON.stringify({ access_token: token }),
    });
    const call = (id: number, store: 'shared' | 'memory', bearer = token) =>
      exchange(id, 'GET', '/api/v1/token/data', 200, {
        ...onB(store),
        requestHeaders: { authorization: `Bearer ${bearer}` },
      });
    expect(proof('token-both', evidenceOf([tokenLogin, call(2, 'shared')], []))).toBeNull();
    expect(
      proof('token-both', evidenceOf([tokenLogin, call(2, 'shared'), call(3, 'memory', `${token}x`)], [])),
    ).toBeNull();
    expect(proof('token-both', evidenceOf([tokenLogin, call(2, 'shared'), call(3, 'memory')], []))).toBe(
      'exchange #2 on B (127.0.0.1:40000, shared store) → 200; exchange #3 on B (127.0.0.1:40000, its own memory) → 200',
    );
  });
});
