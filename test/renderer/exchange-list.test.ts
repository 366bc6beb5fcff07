import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InspectorModel, KEPT_EXCHANGES, KEPT_FROM_OTHER_PAGES } from '../../renderer/src/inspector/inspector-model.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';

const exchange = (id: number, path: string, from?: HttpEvent['from']): HttpEvent => ({
  id,
  method: 'GET',
  path,
  status: 200,
  duration: 1,
  startedAt: id,
  requestHeaders: {},
  responseHeaders: {},
  requestBody: null,
  responseBody: null,
  ...(from ? { from } : {}),
});

describe("the window's exchange list", () => {
  let model: InspectorModel;
  beforeEach(() => {
    vi.useFakeTimers();
    model = new InspectorModel({ scan: async () => ({ cursor: '0', keys: [] }), now: () => 0 });
  });
  afterEach(() => {
    model.dispose();
    vi.useRealTimers();
  });
  const settle = () => vi.advanceTimersByTimeAsync(40);
  const receive = (event: HttpEvent) => model.receive('http', JSON.stringify(event));

  it('keeps the learner’s exchanges however many other pages send, and shows both in the order they arrived', async () => {
    receive(exchange(1, '/api/v1/session/login'));
    model.receive('key', JSON.stringify({ op: 'set', key: 'sl:sess:a', at: 0, command: 'SET sl:sess:a v', cause: 1 }));
    receive(exchange(2, '/api/v1/session/me'));
    // A flood from any web page: more than the page keeps of anything.
    for (let id = 3; id < 3 + KEPT_EXCHANGES + 20; id++)
      receive(exchange(id, `/api/v1/health?flood=${id}`, { origin: id % 2 ? null : 'https://evil.example' }));
    receive(exchange(1_000, '/api/v1/session/logout'));
    await settle();
    const { exchanges, caused } = model.getSnapshot();
    const own = exchanges.filter((event) => !event.from).map((event) => event.path);
    expect(own).toEqual(['/api/v1/session/logout', '/api/v1/session/me', '/api/v1/session/login']);
    expect(caused.get(1)).toHaveLength(1);
    const flood = exchanges.filter((event) => event.from);
    expect(flood).toHaveLength(KEPT_FROM_OTHER_PAGES);
    expect(flood[0]!.id).toBe(2 + KEPT_EXCHANGES + 20);
    // Newest first, as they arrived: the logout on top, the flood between it and the learner's earlier two.
    expect(exchanges.map((event) => event.id)).toEqual([1_000, ...flood.map((event) => event.id), 2, 1]);
  });

  it('still lets the learner’s own exchanges push out the oldest of their kind', async () => {
    for (let id = 1; id <= KEPT_EXCHANGES + 5; id++) receive(exchange(id, `/mine/${id}`));
    receive(exchange(9_999, '/from-another-page', { origin: 'http://localhost:1' }));
    await settle();
    const { exchanges } = model.getSnapshot();
    expect(exchanges).toHaveLength(KEPT_EXCHANGES + 1);
    expect(exchanges[0]!.id).toBe(9_999);
    expect(exchanges.at(-1)!.id).toBe(6);
  });
});
