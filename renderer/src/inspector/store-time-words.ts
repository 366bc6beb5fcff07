import type { HttpEvent } from '../../../shared/inspector-events.ts';

/** A duration in ms as the waterfall says it: 0.35 ms, 1.8 ms, 24 ms. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

function commandWords(reads: number, writes: number): string {
  const count = reads + writes;
  const total = `${count} ${count === 1 ? 'command' : 'commands'}`;
  if (reads === 0 || writes === 0)
    return `${total}, ${reads > 0 ? (reads === 1 ? 'a read' : 'all reads') : writes === 1 ? 'a write' : 'all writes'}`;
  return `${total}: ${reads} ${reads === 1 ? 'read' : 'reads'}, ${writes} ${writes === 1 ? 'write' : 'writes'}`;
}

/** Where one exchange's server time went, as the waterfall draws and says it. */
export interface StoreTimeSplit {
  totalMs: number;
  /** Time waiting for the store (never more than the total). */
  storeMs: number;
  serverMs: number;
  /** storeMs / totalMs, 0 to 1. */
  storeShare: number;
  /** The figures in one sentence. */
  sentence: string;
  /** What the split says, in plain words (null when there is nothing to interpret). */
  reading: string | null;
}

/** The routes that check a password (scrypt, made slow on purpose): their time is mostly that. */
const PASSWORD_CHECKS = /^\/api\/v1\/(session|token)\/login(\?|$)/;

/** The split of an exchange's duration, or null when its store time was not measured. */
export function storeTimeSplit(
  exchange: Pick<HttpEvent, 'duration' | 'storeTime'> & Partial<Pick<HttpEvent, 'path'>>,
): StoreTimeSplit | null {
  const time = exchange.storeTime;
  if (!time) return null;
  const totalMs = exchange.duration;
  // The duration is rounded to 0.1 ms, the store time to 0.001: never let the part exceed the whole.
  const storeMs = Math.min(time.ms, totalMs);
  const serverMs = Math.max(0, totalMs - storeMs);
  const storeShare = totalMs > 0 ? storeMs / totalMs : 0;
  if (time.commands === 0)
    return {
      totalMs,
      storeMs: 0,
      serverMs: totalMs,
      storeShare: 0,
      sentence: `${formatMs(totalMs)} in total, all in the server: it sent no command to the store.`,
      reading: null,
    };
  return {
    totalMs,
    storeMs,
    serverMs,
    storeShare,
    sentence: `${formatMs(totalMs)} in total: ${formatMs(storeMs)} waiting for the store (${commandWords(time.reads, time.writes)}), ${formatMs(serverMs)} in the server.`,
    reading:
      storeShare >= 0.5
        ? 'Most of it was spent waiting for the store.'
        : PASSWORD_CHECKS.test(exchange.path ?? '')
          ? 'Most of it was the server checking the password: scrypt is slow on purpose, so that guessing passwords is slow too.'
          : 'Most of it was the server’s own work (reading the request, checking, answering), not the store.',
  };
}
