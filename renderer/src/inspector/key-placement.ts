import type { KeyEntry } from './key-entry.ts';

/** Where a key lives on a Redis Cluster, as the key rows and the key detail carry it (absent elsewhere). */
export interface Placement {
  slot?: number | null | undefined;
  node?: string | null | undefined;
}

/**
 * Whether the key table shows the Master column: only on a cluster, which the rows themselves say (each carries its
 * slot there; /health only says "redis" for one server and for a cluster alike).
 */
export function showsMasters(entries: readonly KeyEntry[]): boolean {
  return entries.some((entry) => entry.slot !== null);
}

/**
 * The Master cell of a row: the master's `host:port` (split after the host's colon, where the narrow column may break
 * the line), and the slot on hover; "…" while the key is not read yet.
 */
export function masterCell(entry: Placement): { host: string; port: string; title: string } {
  if (entry.slot === null || entry.slot === undefined) return { host: '…', port: '', title: 'Not read yet' };
  const slot = `hash slot ${entry.slot}`;
  if (!entry.node) return { host: '?', port: '', title: `${slot}; the master serving it is not known yet` };
  const colon = entry.node.lastIndexOf(':') + 1;
  return {
    host: entry.node.slice(0, colon),
    port: entry.node.slice(colon),
    title: `${slot}, served by the master at ${entry.node}`,
  };
}

/** The key detail's line, like "slot 5061 · master 127.0.0.1:30002"; null off a cluster. */
export function placementLine(placement: Placement): string | null {
  if (placement.slot === null || placement.slot === undefined) return null;
  return `slot ${placement.slot} · master ${placement.node ?? 'not known yet'}`;
}
