import path from 'node:path';
import { parseConfig } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';
import { openSse } from '../support/sse-client.ts';
import type { Figure } from './report.ts';
import { p50p99 } from '../../shared/percentiles.ts';

/**
 * The inspector's two figures on one store: store write → `key` event received by an SSE client at
 * 1,000 writes per second, and the latency of a key page (100 rows) with 100k keys in the store.
 * Server and client share this process, as the renderer's window and the server share a machine.
 */
export async function inspectorFigures(
  label: string,
  dataDir: string,
  store: 'sqlite' | 'redis',
  redisUrl: string | undefined,
  seconds: number,
): Promise<Figure[]> {
  const server = await startServer(
    parseConfig({ dataDir: path.join(dataDir, `inspector-${store}`), store, redisUrl, port: 0, logLevel: 'silent' }),
  );
  try {
    const stream = await openSse(`${server.url}/api/v1/inspector/events?labKey=${server.labKey}`);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const seen = stream.events.length;
    const total = 1_000 * seconds;
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + i;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const key = `sl:bench:feed:${i}`;
      sentAt.set(key, performance.now());
      void server.store.set(key, 'v', { px: 60_000 });
      // Read what arrived so far, as the client would.
      for (const event of stream.events.splice(seen)) {
        const sent = sentAt.get(String(event.data.key));
        if (event.type === 'key' && sent !== undefined) latencies.push(performance.now() - sent);
      }
    }
    const deadline = performance.now() + 5_000;
    while (latencies.length < total && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      for (const event of stream.events.splice(seen)) {
        const sent = sentAt.get(String(event.data.key));
        if (event.type === 'key' && sent !== undefined) latencies.push(performance.now() - sent);
      }
    }
    stream.close();
    const feed = p50p99(latencies);

    for (let start = 0; start < 100_000; start += 5_000) {
      await server.store.multi(
        Array.from({ length: 5_000 }, (_, i) => ({
          op: 'set' as const,
          key: `sl:bench:page:${start + i}`,
          value: JSON.stringify({ uid: i, note: 'x'.repeat(80) }),
          px: 600_000,
        })),
      );
    }
    const pageTimes: number[] = [];
    let cursor = '0';
    for (let pages = 0; pages < 300; pages++) {
      const t0 = performance.now();
      const res = await fetch(
        `${server.url}/api/v1/inspector/keys?match=sl:bench:page:*&count=100&cursor=${encodeURIComponent(cursor)}`,
        { headers: { 'X-Lab-Key': server.labKey } },
      );
      cursor = ((await res.json()) as { cursor: string }).cursor;
      pageTimes.push(performance.now() - t0);
    }
    const page = p50p99(pageTimes);
    return [
      {
        name: `${label}: inspector, store write → SSE key event at 1,000 writes/s`,
        p50Ms: feed.p50,
        p99Ms: feed.p99,
        value: `${latencies.length}/${total} received`,
      },
      {
        name: `${label}: inspector key page (100 rows) with 100k keys in the store, 300 pages`,
        p50Ms: page.p50,
        p99Ms: page.p99,
      },
    ];
  } finally {
    await server.close();
  }
}
