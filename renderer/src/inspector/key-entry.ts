import type { KeyRow } from '../../../shared/api/inspector.ts';
import type { KeyEvent } from '../../../shared/inspector-events.ts';

/** A key as the KeyTable shows it. */
export interface KeyEntry {
  key: string;
  type: KeyRow['type'] | 'unknown';
  /** PTTL when observed (-1: none; null: not known yet). */
  pttl: number | null;
  /** Date.now() when `pttl` was observed: the countdown is derived from it, never from a stale number. */
  observedAt: number;
  size: number | null;
  preview: string | null;
  /** On a Redis Cluster: the key's hash slot and the master serving it (null elsewhere, or not read yet). */
  slot: number | null;
  node: string | null;
  /** The command behind the key's last change. */
  lastCommand: string | null;
  /** When the stream first showed this key (null: it was there when the page looked). */
  appearedAt: number | null;
  /** When it was deleted or expired (the row fades out), and how. */
  goneAt: number | null;
  goneBy: 'del' | 'expired' | 'evicted' | null;
}

/** An entry from a key page row, observed at `now`. */
export function entryFromRow(row: KeyRow, now: number, previous?: KeyEntry): KeyEntry {
  return {
    key: row.key,
    type: row.type,
    pttl: row.pttl,
    observedAt: now,
    size: row.size,
    preview: row.preview,
    slot: row.slot ?? null,
    node: row.node ?? null,
    lastCommand: previous?.lastCommand ?? null,
    appearedAt: previous?.appearedAt ?? null,
    goneAt: null,
    goneBy: null,
  };
}

const GONE_OPS = new Set<KeyEvent['op']>(['del', 'expired', 'evicted']);

/** The entry after a change-feed event received at `now`; a removal keeps the row (it fades) with `goneAt` set. */
export function applyKeyEvent(previous: KeyEntry | undefined, event: KeyEvent, now: number): KeyEntry {
  const base: KeyEntry =
    previous && previous.goneAt === null
      ? { ...previous }
      : {
          key: event.key,
          type: 'unknown',
          pttl: null,
          observedAt: now,
          size: null,
          preview: null,
          slot: null,
          node: null,
          lastCommand: null,
          appearedAt: now,
          goneAt: null,
          goneBy: null,
        };
  base.lastCommand = event.command;
  if (GONE_OPS.has(event.op) || (event.op === 'pexpire' && event.pttl !== undefined && event.pttl <= 0)) {
    return {
      ...base,
      goneAt: now,
      goneBy: event.op === 'expired' || event.op === 'evicted' ? event.op : event.op === 'pexpire' ? 'expired' : 'del',
      pttl: -2,
      observedAt: now,
    };
  }
  if (event.op === 'set' || event.op === 'incr') base.type = 'string';
  if (event.op === 'sadd' || event.op === 'srem') base.type = 'set';
  if (event.op === 'zadd' || event.op === 'zrem') base.type = 'zset';
  // SET without PX clears the TTL, INCR, SADD and ZADD keep it: the feed says so where it knows.
  if (event.pttl !== undefined) {
    base.pttl = event.pttl;
    base.observedAt = now;
  } else if (event.op === 'incr' && !previous) base.pttl = null;
  return base;
}

/** Milliseconds left at `now` (-1: no TTL; null: not known), counted down from the observation. */
export function remainingMs(entry: KeyEntry, now: number): number | null {
  if (entry.pttl === null || entry.pttl < 0) return entry.pttl;
  return Math.max(0, entry.pttl - (now - entry.observedAt));
}

/** A TTL as the table shows it. */
export function formatTtl(ms: number | null): string {
  if (ms === null) return '…';
  if (ms === -1) return 'no TTL';
  if (ms < 0) return 'gone';
  if (ms === 0) return 'expiring…';
  const seconds = Math.ceil(ms / 1_000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
