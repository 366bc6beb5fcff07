import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LatencyWindow, measureStore, type StoreCallTally } from '../../../server/store/latency-window.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sqlite(): SqliteStore {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-latency-'));
  dirs.push(dir);
  return new SqliteStore({ file: path.join(dir, 'store.sqlite') });
}

describe('measureStore', () => {
  it('times every keyspace call and tells the current tally whether it read or wrote', async () => {
    const store = sqlite();
    const window = new LatencyWindow();
    const calls: string[] = [];
    const tally: StoreCallTally = {
      begin: () => calls.push('begin'),
      end: (_at, commands, write) => calls.push(`end ${commands} ${write ? 'write' : 'read'}`),
    };
    const measured = measureStore(store, window, () => tally);
    await measured.set('sl:a', '1', { px: 10_000 });
    expect(await measured.get('sl:a')).toBe('1');
    expect(calls).toEqual(['begin', 'end 1 write', 'begin', 'end 1 read']);
    expect(window.take().ops).toBe(2);
    await store.close();
  });

  it('hands out one wrapper per method, and a new one when the method itself is replaced', async () => {
    const store = sqlite();
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
    await store.close();
  });
});
