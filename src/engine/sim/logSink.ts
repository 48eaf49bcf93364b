import type { LogStore, LogStream } from '../world/logStore.ts';

/** Entries kept back per flush are numbered below this, so time and order fit in one sortable number. */
const SEQ = 4194304;

/**
 * Holds log entries until no later request can write an earlier one, then appends them to the store in
 * time order (ties keep the order they were written). A request writes its lines when it completes, so
 * entries arrive out of order within a tick but never before the tick's start.
 *
 * An entry may be written piece by piece ({@link begin}, {@link add}, {@link end}): the pieces go to the
 * store as they are and are joined only with the rest of their block, so a line never exists as a string
 * of its own and building one leaves nothing for the garbage collector.
 */
export class LogSink {
  private ts = new Float64Array(4096);
  private from = new Int32Array(4096);
  private to = new Int32Array(4096);
  private length = new Int32Array(4096);
  private stream: LogStream[] = [];
  /** Pieces of the queued entries; the array is reused from tick to tick, so it grows only once. */
  private readonly pieces: string[] = [];
  private nPieces = 0;
  private n = 0;
  /** First piece and characters so far of the entry being written. */
  private entryFrom = 0;
  private entryLength = 0;

  constructor(private readonly baseMs: number) {}

  /** Queues an entry; times are rounded to the millisecond, the precision lines show. */
  push(stream: LogStream, tsMs: number, line: string): void {
    this.begin();
    this.add(line);
    this.end(stream, tsMs);
  }

  /** Starts an entry written piece by piece. */
  begin(): void {
    this.entryFrom = this.nPieces;
    this.entryLength = 0;
  }

  /** Adds the next piece of the entry being written. */
  add(piece: string): void {
    this.pieces[this.nPieces++] = piece;
    this.entryLength += piece.length;
  }

  /** Queues the entry written since {@link begin}. */
  end(stream: LogStream, tsMs: number): void {
    const i = this.n;
    if (i === this.ts.length) this.grow();
    this.ts[i] = Math.round(tsMs);
    this.from[i] = this.entryFrom;
    this.to[i] = this.nPieces;
    this.length[i] = this.entryLength;
    this.stream[i] = stream;
    this.n = i + 1;
  }

  /** Appends every queued entry older than `boundaryMs` to the store, in time order. */
  flush(store: LogStore, boundaryMs: number): void {
    const n = Math.min(this.n, SEQ - 1);
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (this.ts[i]! - this.baseMs) * SEQ + i;
    // A native numeric sort of keys that hold time and arrival order: no comparator calls.
    keys.sort();
    const pieces = this.pieces;
    const kept: number[] = [];
    for (let j = 0; j < n; j++) {
      const key = keys[j]!;
      const i = key % SEQ;
      const ts = this.ts[i]!;
      if (ts < boundaryMs)
        store.appendPieces(this.stream[i]!, ts, pieces, this.from[i]!, this.to[i]!, this.length[i]!);
      else kept.push(i);
    }
    for (let i = n; i < this.n; i++) kept.push(i);
    // Kept entries move to the front, in time order, with their pieces; all read before any is overwritten.
    const keptTs = kept.map((i) => this.ts[i]!);
    const keptLength = kept.map((i) => this.length[i]!);
    const keptPieces: string[] = [];
    const keptBounds: number[] = [];
    const keptStream: LogStream[] = [];
    for (const i of kept) {
      keptBounds.push(keptPieces.length);
      for (let p = this.from[i]!; p < this.to[i]!; p++) keptPieces.push(pieces[p]!);
      keptBounds.push(keptPieces.length);
      keptStream.push(this.stream[i]!);
    }
    for (let k = 0; k < kept.length; k++) {
      this.from[k] = keptBounds[2 * k]!;
      this.to[k] = keptBounds[2 * k + 1]!;
    }
    for (let p = 0; p < keptPieces.length; p++) pieces[p] = keptPieces[p]!;
    this.ts.set(keptTs);
    this.length.set(keptLength);
    this.n = kept.length;
    this.stream = keptStream;
    this.nPieces = keptPieces.length;
  }

  private grow(): void {
    const size = this.ts.length * 2;
    const ts = new Float64Array(size);
    ts.set(this.ts);
    this.ts = ts;
    for (const name of ['from', 'to', 'length'] as const) {
      const bigger = new Int32Array(size);
      bigger.set(this[name]);
      this[name] = bigger;
    }
  }
}
