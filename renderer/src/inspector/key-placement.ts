import type { KeyEntry } from './key-entry.ts';

/** Where a key lives on a Redis Cluster, as the key rows and the key detail carry it (absent elsewhere). */
export interface Placement {
  slot?: number | null | undefined;
  node?: string | null | undefined;
}

/** What a learner reads under the slot and master: how a cluster decides which master holds a key. */
export const PLACEMENT_WORDS =
  'A Redis Cluster splits its keys into 16,384 hash slots by a hash of the key name — only of the part in {braces}, ' +
  'its hash tag, when the name has one — and each master serves a range of slots. The slot of a key’s name says ' +
  'which master holds it; keys with the same tag share a slot, so one MULTI can write them together.';

/**
 * Whether the key table shows the Master column: only on a cluster, which the rows themselves say (each carries its
 * slot there; /health only says "redis" for one server and for a cluster alike).
 */
export function showsMasters(entries: readonly KeyEntry[]): boolean {
  return entries.some((entry) => entry.slot !== null);
}

/** The Master cell of a row: the master's `host:port`, and the slot on hover; "…" while the key is not read yet. */
export function masterCell(entry: Placement): { text: string; title: string } {
  if (entry.slot === null || entry.slot === undefined) return { text: '…', title: 'Not read yet' };
  const slot = `hash slot ${entry.slot}`;
  if (!entry.node) return { text: '?', title: `${slot}; the master serving it is not known yet` };
  return { text: entry.node, title: `${slot}, served by the master at ${entry.node}` };
}

/** The key detail's line, like "slot 5061 · master 127.0.0.1:30002"; null off a cluster. */
export function placementLine(placement: Placement): string | null {
  if (placement.slot === null || placement.slot === undefined) return null;
  return `slot ${placement.slot} · master ${placement.node ?? 'not known yet'}`;
}
