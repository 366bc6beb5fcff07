import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../server/inspector/event-hub.ts';

function frames(text: string): { id: number; event: string; data: unknown }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('id:'))
    .map((frame) => {
      const fields = Object.fromEntries(
        frame.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      );
      return { id: Number(fields.id), event: fields.event!, data: JSON.parse(fields.data!) };
    });
}

describe('EventHub', () => {
  it('keeps events published for new clients (a start-up migration) and sends them to each fresh client first', () => {
    const hub = new EventHub({ ringSize: 10, maxBufferedBytes: 1_000_000 });
    hub.publish('key', { key: 'sl:sess:a', cause: 'migration' }, { forNewClients: true });
    hub.publish('metrics', { live: 1 });
    const fresh = new PassThrough();
    hub.attach(fresh);
    hub.publish('key', { key: 'sl:sess:b' });
    expect(frames(String(fresh.read()))).toEqual([
      { id: 1, event: 'key', data: { key: 'sl:sess:a', cause: 'migration' } },
      { id: 3, event: 'key', data: { key: 'sl:sess:b' } },
    ]);
    // A client resuming with Last-Event-ID gets the ring after its id, not the kept events again.
    const resumed = new PassThrough();
    hub.attach(resumed, 2);
    expect(frames(String(resumed.read())).map((frame) => frame.id)).toEqual([3]);
    // The ring keeps an event sent to a client as its frame, one nobody was sent as the event: both replay the same.
    const earlier = new PassThrough();
    hub.attach(earlier, 1);
    expect(frames(String(earlier.read()))).toEqual([
      { id: 2, event: 'metrics', data: { live: 1 } },
      { id: 3, event: 'key', data: { key: 'sl:sess:b' } },
    ]);
  });

  it('numbers events and writes them as SSE frames to every client', () => {
    const hub = new EventHub({ ringSize: 10, maxBufferedBytes: 1_000_000 });
    const [a, b] = [new PassThrough(), new PassThrough()];
    hub.attach(a);
    hub.attach(b);
    hub.publish('key', { key: 'sl:x' });
    hub.publish('http', { path: '/' });
    for (const out of [a, b])
      expect(frames(String(out.read()))).toEqual([
        { id: 1, event: 'key', data: { key: 'sl:x' } },
        { id: 2, event: 'http', data: { path: '/' } },
      ]);
  });

  it('drops events for a client that does not keep up, then tells it how many', () => {
    const hub = new EventHub({ ringSize: 10, maxBufferedBytes: 1_000 });
    const slow = new PassThrough({ highWaterMark: 1_024 });
    hub.attach(slow);
    const big = 'x'.repeat(600);
    for (let i = 0; i < 20; i++) hub.publish('key', { big, i });
    expect(slow.writableLength).toBeLessThan(4_000);
    let text = '';
    let chunk: unknown;
    while ((chunk = slow.read()) !== null) text += String(chunk);
    hub.publish('key', { after: true });
    while ((chunk = slow.read()) !== null) text += String(chunk);
    const received = frames(text);
    const notice = received.find((f) => f.event === 'dropped')!;
    const delivered = received.filter((f) => f.event === 'key').length;
    expect((notice.data as { dropped: number }).dropped + delivered).toBe(21);
    expect(received.at(-1)!.data).toEqual({ after: true });
  });

  it('sends a heartbeat comment that is not an event', () => {
    const hub = new EventHub({ ringSize: 10, maxBufferedBytes: 1_000 });
    const out = new PassThrough();
    hub.attach(out);
    hub.heartbeat();
    expect(String(out.read())).toBe(': heartbeat\n\n');
  });
});
