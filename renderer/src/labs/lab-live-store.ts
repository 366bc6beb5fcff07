import { COUNTER_PREFIX } from '../inspector/counter-folding.ts';
import { causeWords } from '../inspector/gone-words.ts';
import type { InspectorSnapshot } from '../inspector/inspector-model.ts';
import type { KeyEvent } from '../../../shared/inspector-events.ts';

/** A key a lab's run touched, as the lab's live store shows it. */
export interface LabKeyRow {
  key: string;
  /** PTTL when observed (-1: none; null: not known), and when (Date.now()). */
  pttl: number | null;
  observedAt: number;
  /** How it left the store, if it did; `absent` when it was only looked up and is not there (an EXISTS that said 0). */
  gone: 'del' | 'expired' | 'evicted' | 'absent' | null;
}

/** A store command of the run, newest first. */
export interface LabCommandLine {
  id: string;
  key: string;
  /** The exchange id that ran it, or what else did (`expiry`, `inspector`, `load`). */
  cause: number | string;
  command: string;
  read: boolean;
  /** "#12", "by the TTL", "from the inspector", "by the load run". */
  causeText: string;
}

/** The keys shown at most, and the commands. */
export const LAB_KEYS_SHOWN = 10;
export const LAB_COMMANDS_SHOWN = 12;
/** The commands a view takes at most (before the display folds the attempt counters and shows LAB_COMMANDS_SHOWN). */
const LAB_COMMANDS_TAKEN = 80;

/** Who ran a command, as the command log says it, an exchange shortened to its number ("#12"). */
function causeOf(cause: KeyEvent['cause']): string {
  return typeof cause === 'number' ? `#${cause}` : causeWords(cause);
}

/**
 * What a lab's live store shows from an inspector snapshot: the store commands since the run started (`since`,
 * server-clock ms), reads of the window's own plumbing left out, newest first; and the keys they named, the most
 * recently touched first (the attempt counters last), each with its TTL as last observed, or how it left the store.
 */
export function labStoreView(
  snapshot: InspectorSnapshot,
  since: number,
  plumbing: ReadonlySet<number>,
): { keys: LabKeyRow[]; moreKeys: number; commands: LabCommandLine[] } {
  // Lab 9's instance B on its own memory: its commands are listed, said to be there; its keys are not the app's.
  const ownStoreOfB = new Set(
    snapshot.exchanges.filter((exchange) => exchange.instance?.store === 'memory').map((exchange) => exchange.id),
  );
  const lines = [
    ...snapshot.commands
      .filter((command) => command.at >= since)
      .map((command) => ({
        at: command.at,
        seq: command.seq,
        key: command.key,
        line: command,
        read: false,
        inB: command.store === 'b',
      })),
    ...snapshot.reads
      .filter((read) => read.at >= since && (typeof read.cause !== 'number' || !plumbing.has(read.cause)))
      .map((read) => ({
        at: read.at,
        seq: read.seq,
        key: read.key,
        line: read,
        read: true,
        inB: typeof read.cause === 'number' && ownStoreOfB.has(read.cause),
      })),
  ].sort((a, b) => b.at - a.at || b.seq - a.seq);
  const touched: string[] = [];
  for (const { key, inB } of lines) if (!inB && !touched.includes(key)) touched.push(key);
  // The attempt counters are bookkeeping: listed after the keys a lab is about, however recent.
  touched.sort((a, b) => Number(a.startsWith(COUNTER_PREFIX)) - Number(b.startsWith(COUNTER_PREFIX)));
  const entries = new Map(snapshot.keys.map((entry) => [entry.key, entry]));
  const keys = touched.slice(0, LAB_KEYS_SHOWN).map((key): LabKeyRow => {
    const entry = entries.get(key);
    const last = snapshot.commands.find((command) => command.key === key && command.store !== 'b');
    // Gone only when a command said so (a DEL, an expiry, an eviction); a key only looked up and never seen is absent.
    const gone: LabKeyRow['gone'] =
      last && (last.op === 'del' || last.op === 'expired' || last.op === 'evicted')
        ? last.op
        : entry && !entry.goneBy
          ? null
          : last
            ? null
            : 'absent';
    return { key, pttl: entry?.pttl ?? null, observedAt: entry?.observedAt ?? 0, gone };
  });
  return {
    keys,
    moreKeys: Math.max(0, touched.length - LAB_KEYS_SHOWN),
    commands: lines.slice(0, LAB_COMMANDS_TAKEN).map(({ line, read, inB }) => ({
      id: `${read ? 'r' : 'w'}${line.seq}`,
      key: line.key,
      cause: line.cause,
      command: line.command,
      read,
      causeText: inB ? `${causeOf(line.cause)}, in B’s own store` : causeOf(line.cause),
    })),
  };
}
