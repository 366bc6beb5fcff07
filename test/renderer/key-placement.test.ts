import { describe, expect, it } from 'vitest';
import { applyKeyEvent, entryFromRow } from '../../renderer/src/inspector/key-entry.ts';
import { masterCell, placementLine, showsMasters } from '../../renderer/src/inspector/key-placement.ts';
import { keyRowSchema } from '../../shared/api/inspector.ts';

const now = Date.UTC(2026, 11, 6, 3, 0, 0);
const row = (key: string, extra: object = {}) =>
  keyRowSchema.parse({ key, type: 'string', pttl: 60_000, size: 10, preview: '{}', ...extra });

describe('where a key lives, as the key table and detail say it', () => {
  it('shows the Master column only when the rows carry a slot (a cluster), whatever else the rows say', () => {
    const single = [entryFromRow(row('sl:sess:a'), now), entryFromRow(row('sl:sess:b'), now)];
    expect(showsMasters(single)).toBe(false);
    expect(showsMasters([])).toBe(false);
    const onCluster = entryFromRow(row('sl:sess:a', { slot: 5061, node: '127.0.0.1:30002' }), now);
    expect(showsMasters([...single, onCluster])).toBe(true);
    // A key the feed announced before its row was read has no placement yet: "…", and the column stays.
    const fresh = applyKeyEvent(
      undefined,
      { key: 'sl:sess:c', op: 'set', command: 'SET sl:sess:c v', at: now } as Parameters<typeof applyKeyEvent>[1],
      now,
    );
    expect(fresh.slot).toBeNull();
    expect(masterCell(fresh)).toEqual({ host: '…', port: '', title: 'Not read yet' });
    expect(showsMasters([fresh, onCluster])).toBe(true);
  });

  it('keeps the placement a row carries, and reads it again with the row', () => {
    const first = entryFromRow(row('sl:sess:a', { slot: 5061, node: '127.0.0.1:30002' }), now);
    expect([first.slot, first.node]).toEqual([5061, '127.0.0.1:30002']);
    const again = entryFromRow(row('sl:sess:a', { slot: 5061, node: '127.0.0.1:30003' }), now + 1, first);
    expect(again.node).toBe('127.0.0.1:30003');
    expect(entryFromRow(row('sl:sess:a'), now, first).slot).toBeNull();
  });

  it('names the master in the cell with the slot on hover, and both in the detail line', () => {
    expect(masterCell({ slot: 5061, node: '127.0.0.1:30002' })).toEqual({
      host: '127.0.0.1:',
      port: '30002',
      title: 'hash slot 5061, served by the master at 127.0.0.1:30002',
    });
    expect(masterCell({ slot: 0, node: null }).host).toBe('?');
    // An IPv6 master breaks after its last colon, before the port.
    expect(masterCell({ slot: 1, node: '::1:30002' })).toMatchObject({ host: '::1:', port: '30002' });
    expect(masterCell({ slot: 0, node: null }).title).toMatch(/^hash slot 0;/);
    expect(placementLine({ slot: 5061, node: '127.0.0.1:30002' })).toBe('slot 5061 · master 127.0.0.1:30002');
    expect(placementLine({ slot: 0, node: null })).toBe('slot 0 · master not known yet');
    expect(placementLine({})).toBeNull();
    expect(placementLine({ slot: null, node: null })).toBeNull();
  });
});
