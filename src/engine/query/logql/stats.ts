/**
 * Counters gathered while a query runs, reported in the `stats.summary` of Loki's HTTP API answer so a
 * trainee can see how much a query had to read.
 */
export interface LogQLStats {
  /** Lines read from the store (after label selection, before line filters). */
  linesProcessed: number;
  /** Size of those lines in UTF-16 code units, which equals bytes for ASCII logs. */
  bytesProcessed: number;
  /** Lines returned by a log query. */
  entriesReturned: number;
  /** Streams that matched the selectors. */
  streamsSelected: number;
}

/** Fresh counters. */
export function emptyStats(): LogQLStats {
  return { linesProcessed: 0, bytesProcessed: 0, entriesReturned: 0, streamsSelected: 0 };
}
