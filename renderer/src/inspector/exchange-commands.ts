import type { CommandEntry, ReadEntry } from './inspector-model.ts';

/** One store command an exchange ran: a read (it only looked) or a write (it changed a key). */
export interface ExchangeCommand {
  /** Stable across snapshots: `r<seq>` for a read, `w<seq>` for a write. */
  id: string;
  at: number;
  seq: number;
  key: string;
  /** The exchange that ran it. */
  cause: number;
  command: string;
  read: boolean;
}

/**
 * An exchange's store commands in the order it ran them (by the server's clock, then by arrival): its reads and its
 * writes together, as a lab step's result and the sequence diagram draw them.
 */
export function exchangeCommands(
  exchange: number,
  reads: readonly ReadEntry[],
  writes: readonly CommandEntry[],
): ExchangeCommand[] {
  const line = (entry: ReadEntry | CommandEntry, read: boolean): ExchangeCommand => ({
    id: `${read ? 'r' : 'w'}${entry.seq}`,
    at: entry.at,
    seq: entry.seq,
    key: entry.key,
    cause: exchange,
    command: entry.command,
    read,
  });
  return [...reads.map((read) => line(read, true)), ...writes.map((write) => line(write, false))].sort(
    (a, b) => a.at - b.at || a.seq - b.seq,
  );
}
