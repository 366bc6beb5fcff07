import type { MetricsEvent } from '../../../shared/inspector-events.ts';

/** Bytes as KiB or MiB. */
export function byteWords(bytes: number): string {
  return bytes < 1_048_576 ? `${(bytes / 1_024).toFixed(1)} KiB` : `${(bytes / 1_048_576).toFixed(2)} MiB`;
}

/** The embedded store's file in words: its pages (as SQLite counts them) and its write-ahead log. */
export function storeFileWords(file: NonNullable<MetricsEvent['storeFile']>): string {
  return `the SQLite file holds ${file.pages} pages × ${file.pageSize} bytes = ${byteWords(file.pages * file.pageSize)}, its write-ahead log ${byteWords(file.walBytes)}`;
}

/** The store's size, short: Redis' used_memory, or the embedded store's file and log. */
export function storeSizeWords(metrics: MetricsEvent | null): string {
  if (metrics === null) return 'no metrics yet';
  if (metrics.storeKind === 'sqlite') {
    const file = metrics.storeFile;
    return file === null
      ? 'the SQLite file could not be read'
      : `SQLite file ${file.pages} pages × ${file.pageSize} bytes = ${byteWords(file.pages * file.pageSize)}, write-ahead log ${byteWords(file.walBytes)}`;
  }
  return metrics.usedMemory === null ? 'Redis did not answer' : `Redis used_memory ${byteWords(metrics.usedMemory)}`;
}
