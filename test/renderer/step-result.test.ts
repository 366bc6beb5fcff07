import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InspectorModel } from '../../renderer/src/inspector/inspector-model.ts';
import { labStoreView } from '../../renderer/src/labs/lab-live-store.ts';
import { answerInWords, provingExchangeId, stepExchanges, storeInWords } from '../../renderer/src/labs/step-result.ts';
import { LABS } from '../../renderer/src/labs/labs.ts';
import type { HttpEvent, KeyEvent } from '../../shared/inspector-events.ts';

const http = (
  id: number,
  startedAt: number,
  method: string,
  path: string,
  status: number,
  extra: Partial<HttpEvent> = {},
): HttpEvent => ({
  id,
  method,
  path,
  status,
  duration: 1,
  startedAt,
  requestHeaders: {},
  responseHeaders: {},
  requestBody: null,
  responseBody: null,
  ...extra,
});
const key = (op: KeyEvent['op'], name: string, at: number, cause: KeyEvent['cause'], pttl?: number): KeyEvent => ({
  op,
  key: name,
  at,
  command: `${op.toUpperCase()} ${name}`,
  cause,
  ...(pttl === undefined ? {} : { pttl }),
});

describe('what a lab step shows it did', () => {
  let model: InspectorModel;
  beforeEach(() => {
    vi.useFakeTimers();
    model = new InspectorModel({ scan: async () => ({ keys: [], cursor: '0' }), now: () => 5_000 });
  });
  afterEach(() => {
    model.dispose();
    vi.useRealTimers();
  });
  const feed = (type: 'http' | 'key', event: HttpEvent | KeyEvent) => {
    model.receive(type, JSON.stringify(event));
    vi.advanceTimersByTime(50);
  };

  it('the answer in words first (the status, then the server’s own message), the store’s part, then the raw line', () => {
    const refused = http(7, 1_000, 'GET', '/api/v1/token/data', 401, {
      responseBody: JSON.stringify({ error: { code: 'TOKEN_REVOKED', message: 'The token was revoked' } }),
    });
    // A refusal a lab shows often says which one it was; any other says its status.
    expect(answerInWords(refused)).toBe(
      'Refused: the token was revoked (it is on the denylist) (401): The token was revoked.',
    );
    const unknown = http(10, 1_000, 'GET', '/x', 401, {
      responseBody: JSON.stringify({ error: { code: 'SOMETHING_NEW', message: 'Why not' } }),
    });
    expect(answerInWords(unknown)).toBe('Refused: no valid credential (401): Why not.');
    expect(answerInWords(http(8, 1_000, 'GET', '/x', 200))).toBe('Accepted (200).');
    expect(answerInWords(http(9, 1_000, 'GET', '/x', 418))).toBe('Refused (418).');
    expect(storeInWords(0, 0)).toBe('It did not touch the store.');
    expect(storeInWords(1, 0)).toBe('It looked up 1 key in the store and changed nothing.');
    expect(storeInWords(2, 3)).toBe('It looked up 2 keys in the store and changed it with 3 commands.');
    expect(storeInWords(0, 1)).toBe('It changed the store: 1 command, no lookup.');
  });

  it('takes the exchanges the server started while the step ran, oldest first, without the window’s plumbing, each with its reads and writes', () => {
    feed('http', http(1, 900, 'POST', '/api/v1/session/login', 200));
    feed('http', http(2, 1_000, 'POST', '/api/v1/session/login', 200, { effects: 1 }));
    feed('key', key('set', 'sl:sess:a', 1_001, 2, 1_800_000));
    feed('http', http(3, 1_010, 'GET', '/api/v1/health', 200));
    feed(
      'http',
      http(4, 1_020, 'GET', '/api/v1/session/me', 200, {
        reads: [
          { key: 'sl:sess:a', command: 'GET sl:sess:a', at: 1_021 },
          { key: 'sl:sess:a', command: 'PTTL sl:sess:a', at: 1_022 },
        ],
      }),
    );
    feed('http', http(5, 2_000, 'GET', '/api/v1/session/me', 200));
    const found = stepExchanges(model.getSnapshot(), 1_000, 2_000);
    expect(found.map(({ raw }) => raw)).toEqual([
      '#2 POST /api/v1/session/login → 200',
      '#4 GET /api/v1/session/me → 200',
    ]);
    expect(found[0]!.writes.map((write) => write.command)).toEqual(['SET sl:sess:a']);
    expect(found[0]!.store).toBe('It changed the store: 1 command, no lookup.');
    // Two reads of one key: one key looked up.
    expect(found[1]!.reads.map((read) => read.command)).toEqual(['GET sl:sess:a', 'PTTL sl:sess:a']);
    expect(found[1]!.store).toBe('It looked up 1 key in the store and changed nothing.');
  });

  it('the lab’s live store: the keys its run touched, newest first, with their TTLs, and which left or were never there', () => {
    feed('key', key('set', 'sl:sess:old', 500, 1, 60_000));
    feed('http', http(2, 1_000, 'POST', '/api/v1/session/login', 200, { effects: 1 }));
    feed('key', key('set', 'sl:sess:a', 1_001, 2, 1_800_000));
    feed('key', key('del', 'sl:throttle:user:alice', 1_002, 2));
    feed(
      'http',
      http(3, 1_100, 'GET', '/api/v1/token/data', 200, {
        reads: [{ key: 'sl:denylist:j1', command: 'EXISTS sl:denylist:j1', at: 1_101 }],
      }),
    );
    vi.advanceTimersByTime(2_000);
    const view = labStoreView(model.getSnapshot(), 1_000, new Set());
    // The attempt counter is bookkeeping: after the keys the lab is about, though it was touched later.
    expect(view.keys.map(({ key: name, gone }) => [name, gone])).toEqual([
      ['sl:denylist:j1', 'absent'],
      ['sl:sess:a', null],
      ['sl:throttle:user:alice', 'del'],
    ]);
    expect(view.keys[1]!.pttl).toBe(1_800_000);
    expect(view.commands.map(({ command, read, causeText }) => [command, read, causeText])).toEqual([
      ['EXISTS sl:denylist:j1', true, '#3'],
      ['DEL sl:throttle:user:alice', false, '#2'],
      ['SET sl:sess:a', false, '#2'],
    ]);
    // The reads of the window's own plumbing are not the lab's.
    expect(labStoreView(model.getSnapshot(), 1_000, new Set([3])).keys.map(({ key: name }) => name)).not.toContain(
      'sl:denylist:j1',
    );
  });
});

describe('instruction steps and the checks they lead to', () => {
  it('every leadsTo names a check of its own lab, and the labs where the learner acts in the window have one', () => {
    const leading = LABS.flatMap((lab) =>
      lab.steps.flatMap((step) =>
        step.kind === 'instruction' && step.leadsTo ? [{ lab, step, to: step.leadsTo }] : [],
      ),
    );
    for (const { lab, to } of leading)
      expect(
        lab.checks.map((check) => check.id),
        lab.id,
      ).toContain(to);
    expect(leading.map(({ lab, step }) => `${lab.id}/${step.id}`)).toEqual(
      expect.arrayContaining(['server-side-kill/delete', 'tampering/make-admin', 'tampering/alg-none']),
    );
  });

  it('finds the exchange a proof opens with, and none in a proof without one', () => {
    expect(provingExchangeId('exchange #12: GET /api/v1/token/data → 401 TOKEN_SIGNATURE_INVALID: role …')).toBe(12);
    expect(provingExchangeId('DEL sl:sess:abc… (cause: inspector)')).toBeNull();
    expect(provingExchangeId('the token exchange #3 issued')).toBeNull();
  });
});
