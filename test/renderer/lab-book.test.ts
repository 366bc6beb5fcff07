import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InspectorModel } from '../../renderer/src/inspector/inspector-model.ts';
import { errorCode, exchanges, firstExchange } from '../../renderer/src/labs/evidence.ts';
import { LabBook } from '../../renderer/src/labs/lab-book.ts';
import type { Lab } from '../../renderer/src/labs/lab-types.ts';
import type { HttpEvent, KeyEvent } from '../../shared/inspector-events.ts';

const http = (id: number, startedAt: number, path: string, status: number, body: unknown = null): HttpEvent => ({
  id,
  method: 'GET',
  path,
  status,
  duration: 1,
  startedAt,
  requestHeaders: {},
  responseHeaders: {},
  requestBody: null,
  responseBody: body === null ? null : JSON.stringify(body),
});
const key = (op: KeyEvent['op'], name: string, at: number, cause: KeyEvent['cause']): KeyEvent => ({
  op,
  key: name,
  at,
  command: `${op.toUpperCase()} ${name}`,
  cause,
});

const lab: Lab = {
  id: 'demo',
  number: 1,
  title: 'Demo',
  concept: 'c',
  goal: 'g',
  why: { text: 'w', source: { label: 'RFC', url: 'https://www.rfc-editor.org/' } },
  steps: [],
  checks: [
    {
      id: 'me-401',
      label: '401 on /me',
      proof: (evidence) => (firstExchange(evidence, { path: '/api/v1/session/me', status: 401 }) ? 'seen' : null),
    },
    {
      id: 'key-set',
      label: 'a session key',
      proof: (evidence) => (evidence.commands.some((command) => command.op === 'set') ? 'set' : null),
    },
  ],
};

describe('the lab book', () => {
  let now = 1_000;
  let model: InspectorModel;
  let book: LabBook;
  beforeEach(() => {
    now = 1_000;
    vi.useFakeTimers();
    model = new InspectorModel({ scan: async () => ({ keys: [], cursor: '0' }), now: () => now });
    book = new LabBook(model, [lab], () => now);
    book.subscribe(() => {});
  });
  afterEach(() => {
    book.dispose();
    model.dispose();
    vi.useRealTimers();
  });
  const feed = (type: 'http' | 'key', event: HttpEvent | KeyEvent) => {
    model.receive(type, JSON.stringify(event));
    vi.advanceTimersByTime(50);
  };
  const proofs = () => book.getSnapshot().runs.get('demo')?.proofs;

  it('ticks a check only from evidence seen after the lab started, and keeps it once seen', async () => {
    feed('http', http(1, 900, '/api/v1/session/me', 401));
    book.open('demo');
    // Opened is not started: nothing counts until its first step.
    expect(proofs()).toBeUndefined();
    await book.start('demo');
    expect(proofs()?.size).toBe(0);
    now = 1_100;
    feed('http', http(2, 1_050, '/api/v1/session/me', 200));
    expect(proofs()?.has('me-401')).toBe(false);
    feed('http', http(3, 1_060, '/api/v1/session/me', 401, { error: { code: 'NOT_AUTHENTICATED', message: 'x' } }));
    expect(proofs()?.get('me-401')).toBe('seen');
    feed('key', key('set', 'sl:sess:a', 1_070, 3));
    expect([...proofs()!.keys()]).toEqual(['me-401', 'key-set']);
  });

  it('counts an exchange only once every store change it caused has arrived', async () => {
    const absence: Lab = {
      ...lab,
      id: 'absence',
      checks: [
        {
          id: 'no-writes',
          label: 'a call that wrote nothing',
          proof: (evidence) =>
            firstExchange(evidence, {
              path: '/api/v1/token/data',
              where: (exchange) => !evidence.caused.get(exchange.id)?.length,
            })
              ? 'none'
              : null,
        },
      ],
    };
    book.dispose();
    book = new LabBook(model, [absence], () => now);
    book.subscribe(() => {});
    book.open('absence');
    await book.start('absence');
    // The exchange announces two changes: until both are in, it is not evidence, so "wrote nothing" cannot latch.
    feed('http', { ...http(1, 1_001, '/api/v1/token/data', 200), effects: 2 });
    expect(book.evidence('absence').exchanges).toEqual([]);
    feed('key', key('set', 'sl:denylist:j', 1_002, 1));
    expect(book.getSnapshot().runs.get('absence')?.proofs.size).toBe(0);
    feed('key', key('pexpire', 'sl:denylist:j', 1_003, 1));
    expect(book.evidence('absence').exchanges.map((exchange) => exchange.id)).toEqual([1]);
    expect(book.getSnapshot().runs.get('absence')?.proofs.size).toBe(0);
    // One that announced none counts at once.
    feed('http', { ...http(2, 1_004, '/api/v1/token/data', 200), effects: 0 });
    expect(book.getSnapshot().runs.get('absence')?.proofs.get('no-writes')).toBe('none');
  });

  it('restart forgets the proofs and the evidence before it', async () => {
    book.open('demo');
    await book.start('demo');
    feed('key', key('set', 'sl:sess:a', 1_010, 1));
    expect(proofs()?.has('key-set')).toBe(true);
    now = 2_000;
    book.restart('demo');
    expect(proofs()?.size).toBe(0);
    feed('http', http(5, 1_500, '/api/v1/session/me', 401));
    expect(proofs()?.size).toBe(0);
    expect(book.evidence('demo').commands).toEqual([]);
  });

  it('queries exchanges by method, path prefix, status, error code and order', async () => {
    book.open('demo');
    await book.start('demo');
    feed('http', http(1, 1_001, '/api/v1/session/me?x=1', 401, { error: { code: 'NOT_AUTHENTICATED', message: '' } }));
    feed('http', http(2, 1_002, '/api/v1/session/list', 401, { error: { code: 'SESSION_REVOKED', message: '' } }));
    feed('http', http(3, 1_003, '/api/v1/token/data', 200, { ok: true }));
    const evidence = book.evidence('demo');
    expect(exchanges(evidence, { path: '/api/v1/session/*', status: 401 }).map((e) => e.id)).toEqual([1, 2]);
    expect(exchanges(evidence, { path: '/api/v1/session/me' }).map((e) => e.id)).toEqual([1]);
    expect(exchanges(evidence, { code: 'SESSION_REVOKED' }).map((e) => e.id)).toEqual([2]);
    expect(exchanges(evidence, { after: 1 }).map((e) => e.id)).toEqual([2, 3]);
    expect(errorCode(evidence.exchanges[2]!)).toBeNull();
  });
  it('reads the switches a lab declared when it starts, and puts them back when it is left or reset', async () => {
    const calls: string[] = [];
    const withSwitches: Lab = { ...lab, id: 'switching', switches: ['token-settings'] };
    const other: Lab = { ...lab, id: 'other' };
    book.dispose();
    book = new LabBook(model, [withSwitches, other], () => now, {
      capture: async (captured) => {
        calls.push(`capture ${captured.id}`);
        return { token: { algorithm: 'HS256', delivery: 'body', denylist: 'on', accessTtlMs: 900_000 } };
      },
      restore: async (found) => void calls.push(`restore ${found.token?.algorithm}`),
    });
    book.subscribe(() => {});
    book.open('switching');
    expect(calls).toEqual([]);
    await book.start('switching');
    await book.start('switching');
    expect(calls).toEqual(['capture switching']);
    // Leaving it puts them back (once); a lab that declared none captures nothing.
    book.open('other');
    await book.start('other');
    expect(calls).toEqual(['capture switching', 'restore HS256']);
    book.open('switching');
    await book.reset('switching');
    expect(calls).toEqual(['capture switching', 'restore HS256']);
    await book.start('switching');
    await book.reset('switching');
    expect(calls).toEqual(['capture switching', 'restore HS256', 'capture switching', 'restore HS256']);
    // Reset: the lab waits for its first step again.
    expect(book.started('switching')).toBe(false);
  });

  it('runs what leaving a lab undoes only when a started lab is left', async () => {
    const other: Lab = { ...lab, id: 'other' };
    book.dispose();
    book = new LabBook(model, [lab, other], () => now);
    book.subscribe(() => {});
    const left: string[] = [];
    book.onLeave('demo', async () => void left.push('demo'));
    // Not started: leaving it signs nobody out.
    book.open('other');
    book.open('demo');
    await book.start('demo');
    expect(left).toEqual([]);
    book.open('other');
    // Queued before the next lab's start: that start waits for it.
    await book.start('other');
    expect(left).toEqual(['demo']);
    // Forgotten (its page gone, or a lab with nothing to undo): nothing runs.
    book.open('demo');
    book.onLeave('demo', null);
    book.open('other');
    await book.reset('other');
    expect(left).toEqual(['demo']);
  });

  it("says on the next lab what leaving a started lab undid, until that lab's first step", async () => {
    const signsOut: Lab = { ...lab, id: 'signs-out', number: 13, leaveWords: 'signed out both panels.' };
    const other: Lab = { ...lab, id: 'other' };
    book.dispose();
    book = new LabBook(model, [signsOut, other], () => now);
    book.subscribe(() => {});
    book.onLeave('signs-out', async () => {});
    // Left before it started: nothing was undone, nothing is said.
    book.open('other');
    expect(book.getSnapshot().left).toBeUndefined();
    book.open('signs-out');
    await book.start('signs-out');
    book.open('other');
    expect(book.getSnapshot().left).toBe('Leaving lab 13 signed out both panels.');
    await book.start('other');
    expect(book.getSnapshot().left).toBeUndefined();
  });

  it('ends a started lab run when the lab is left: opened again, it waits for its first step with nothing ticked', async () => {
    const other: Lab = { ...lab, id: 'other' };
    book.dispose();
    book = new LabBook(model, [lab, other], () => now);
    book.subscribe(() => {});
    book.open('demo');
    await book.start('demo');
    now = 1_100;
    feed('http', http(1, 1_050, '/api/v1/session/me', 401, { error: { code: 'NOT_AUTHENTICATED', message: 'x' } }));
    expect(proofs()?.get('me-401')).toBe('seen');
    book.open('other');
    book.open('demo');
    expect(book.started('demo')).toBe(false);
    expect(proofs()).toBeUndefined();
  });

  it('remembers a solved lab across a reset and in localStorage', async () => {
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (name: string) => stored.get(name) ?? null,
      setItem: (name: string, value: string) => void stored.set(name, value),
    });
    try {
      book.dispose();
      book = new LabBook(model, [lab], () => now);
      book.subscribe(() => {});
      await book.start('demo');
      feed('http', http(1, 1_001, '/api/v1/session/me', 401));
      feed('key', key('set', 'sl:sess:a', 1_002, 1));
      expect(book.getSnapshot().solved.has('demo')).toBe(true);
      await book.reset('demo');
      expect(book.getSnapshot().solved.has('demo')).toBe(true);
      expect(JSON.parse(stored.get('sessionlab:solved-labs')!)).toEqual(['demo']);
      // A new page (a reload) knows it too.
      expect(new LabBook(model, [lab], () => now).getSnapshot().solved.has('demo')).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
