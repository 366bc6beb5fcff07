import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatencyWindow, measureStore, type StoreCallTally } from '../../../server/store/latency-window.ts';
import { BACKENDS } from '../../support/backends.ts';

describe.each(BACKENDS)('measureStore on $name', (backend) => {
  beforeAll(() => backend.setup(), 30_000);
  afterAll(() => backend.teardown());

  it('times every keyspace call and tells the current tally whether it read or wrote', async () => {
    const window = new LatencyWindow();
    const calls: string[] = [];
    const tally: StoreCallTally = {
      begin: () => calls.push('begin'),
      end: (_at, commands, write) => calls.push(`end ${commands} ${write ? 'write' : 'read'}`),
    };
    const measured = measureStore(await backend.fresh(), window, () => tally);
    await measured.set('sl:a', '1', { px: 10_000 });
    expect(await measured.get('sl:a')).toBe('1');
    expect(calls).toEqual(['begin', 'end 1 write', 'begin', 'end 1 read']);
    expect(window.take().ops).toBe(2);
  });

  it('hands out one wrapper per method, and a new one when the method itself is replaced', async () => {
    const store = await backend.fresh();
    const measured = measureStore(store, new LatencyWindow());
    expect(measured.get).toBe(measured.get);
    expect(measured.status).toBe(measured.status);
    const original = store.get.bind(store);
    const asked: string[] = [];
    store.get = (key: string) => {
      asked.push(key);
      return original(key);
    };
    await measured.get('sl:b');
    expect(asked).toEqual(['sl:b']);
  });
});
