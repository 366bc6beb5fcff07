import type { BenchRow } from './http-rows.ts';
import type { KeyStore } from '../../server/store/types.ts';
import { p50p99 } from '../../shared/percentiles.ts';

/** Runs `op` from `concurrency` loops for `seconds`, timing each call. */
export async function measure(
  name: string,
  seconds: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<BenchRow> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1_000;
  let counter = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await op(counter++);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1_000;
  const { p50, p99 } = p50p99(latencies);
  return { name, opsPerSec: latencies.length / elapsed, p50Ms: p50, p99Ms: p99, inProcess: true };
}

/** The store operations the app leans on, each measured against one backend. */
export async function benchStore(label: string, store: KeyStore, seconds: number): Promise<BenchRow[]> {
  const value = JSON.stringify({
    uid: 42,
    role: 'user',
    createdAt: Date.now(),
    lastSeenAt: Date.now(),
    ip: '127.0.0.1',
    ua: 'bench',
  });
  await store.multi(
    Array.from({ length: 1_000 }, (_, i) => ({ op: 'set' as const, key: `sl:bench:${i}`, value, px: 600_000 })),
  );
  const rows = [
    await measure(`${label} SET PX`, seconds, 16, (i) => store.set(`sl:bench:${i % 1_000}`, value, { px: 600_000 })),
    await measure(`${label} GET`, seconds, 16, (i) => store.get(`sl:bench:${i % 1_000}`)),
    await measure(`${label} SADD`, seconds, 16, (i) => store.sadd(`sl:bench:set:${i % 100}`, `m${i}`)),
    await measure(`${label} SCAN page (COUNT 100)`, seconds, 4, () =>
      store.scan('0', { match: 'sl:bench:*', count: 100 }),
    ),
    await measure(`${label} MULTI session+index`, seconds, 16, (i) =>
      store.multi([
        { op: 'set', key: `sl:bench:sess:${i}`, value, px: 600_000 },
        { op: 'sadd', key: `sl:bench:user:${i % 50}`, members: [String(i)] },
      ]),
    ),
  ];
  return rows;
}
