import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SseBatch } from '../../../server/inspector/sse-batch.ts';

function chunksOf(stream: SseBatch): string[] {
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer | string) => chunks.push(String(chunk)));
  return chunks;
}

describe('SseBatch', () => {
  it('sends the frames written in one turn of the event loop as one chunk, in order', async () => {
    const stream = new SseBatch();
    const chunks = chunksOf(stream);
    stream.write('id: 1\n\n');
    stream.write('id: 2\n\n');
    stream.write('id: 3\n\n');
    expect(chunks).toEqual([]);
    await nextTurn();
    expect(chunks).toEqual(['id: 1\n\nid: 2\n\nid: 3\n\n']);
    stream.write('id: 4\n\n');
    await nextTurn();
    expect(chunks).toEqual(['id: 1\n\nid: 2\n\nid: 3\n\n', 'id: 4\n\n']);
  });

  it('sends what is waiting when the stream ends, and nothing after it is destroyed', async () => {
    const stream = new SseBatch();
    const chunks = chunksOf(stream);
    const ended = new Promise((resolve) => stream.on('end', resolve));
    stream.write('id: 1\n\n');
    stream.end('id: 2\n\n');
    await ended;
    expect(chunks.join('')).toBe('id: 1\n\nid: 2\n\n');

    const gone = new SseBatch();
    const lost = chunksOf(gone);
    gone.write('id: 1\n\n');
    gone.destroy();
    await nextTurn();
    expect(lost).toEqual([]);
  });
});
