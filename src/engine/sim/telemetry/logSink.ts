import type { Labels } from '../../world/labels.ts';
import { labelsKey } from '../../world/labels.ts';
import type { LogStore, LogStream } from '../../world/logStore.ts';

/** Entries kept back per flush are numbered below this, so time and order fit in one sortable number. */
const SEQ = 4194304;
/** At most this many entries (a power of two) and times within `SMALL_SPAN` ms sort as 32-bit keys. */
const SMALL_N = 4096;
const SMALL_SPAN = 4294967296 / SMALL_N;

/**
 * Where a run writes log entries: a {@link LogSink} on its own, or a recorder that sends them to a line
 * writer on another thread (see `EntryRecorder`). `flush` ends a tick: no later entry is older than the
 * boundary.
 */
export interface EntrySink {
  push(stream: LogStream, tsMs: number, line: string): void;
  flush(store: LogStore, boundaryMs: number): void;
}

/** A sink that keeps nothing: for a run whose only use is what users experienced (see `RunOptions`). */
export const DISCARD_SINK: EntrySink = {
  push: () => {},
  flush: () => {},
};

/**
 * A stream of a component nobody can see into: not in any store, so whatever is written to it goes nowhere
 * (see {@link seenOnly}). Its id is -1.
 */
export function unseenStream(labels: Labels): LogStream {
  return { id: -1, labels: { ...labels }, key: labelsKey(labels) };
}

/** A sink that drops the entries of unseen streams (see {@link unseenStream}) and passes on the rest. */
export function seenOnly(sink: EntrySink): EntrySink {
  return {
    push: (stream, tsMs, line) => {
      if (stream.id >= 0) sink.push(stream, tsMs, line);
    },
    flush: (store, boundaryMs) => sink.flush(store, boundaryMs),
  };
}

/**
 * A sink that drops entries older than `fromMs` and passes on the rest: a store that keeps only the last
 * part of the window (see `keptFrom`). What a run draws to write them is drawn all the same.
 */
export function linesFrom(sink: EntrySink, fromMs: number): EntrySink {
  return {
    push: (stream, tsMs, line) => {
      if (tsMs >= fromMs) sink.push(stream, tsMs, line);
    },
    flush: (store, boundaryMs) => sink.flush(store, boundaryMs),
  };
}

/**
 * Holds log entries until no later request can write an earlier one, then appends them to the store in
 * time order (ties keep the order they were written). A request writes its lines when it completes, so
 * entries arrive out of order within a tick but never before the tick's start.
 */
export class LogSink implements EntrySink {
  private ts = new Float64Array(4096);
  /** Each line's length, read while the line is new (and in the processor's cache), not at the flush. */
  private lens = new Uint32Array(4096);
  private stream: LogStream[] = [];
  private lines: string[] = [];
  // A second set of columns: a flush that keeps entries back moves them there and swaps, allocating nothing.
  private ts2 = new Float64Array(4096);
  private lens2 = new Uint32Array(4096);
  private stream2: LogStream[] = [];
  private lines2: string[] = [];
  private n = 0;
  /** Sort keys of a flush, reused from flush to flush. */
  private keys = new Float64Array(4096);
  private readonly small = new Uint32Array(SMALL_N);

  constructor(private readonly baseMs: number) {}

  /** Queues an entry; times are rounded to the millisecond, the precision lines show. */
  push(stream: LogStream, tsMs: number, line: string): void {
    if (this.n === this.ts.length) {
      const bigger = new Float64Array(this.n * 2);
      bigger.set(this.ts);
      this.ts = bigger;
      const longer = new Uint32Array(this.n * 2);
      longer.set(this.lens);
      this.lens = longer;
    }
    this.ts[this.n] = Math.round(tsMs);
    this.lens[this.n] = line.length;
    this.stream[this.n] = stream;
    this.lines[this.n] = line;
    this.n++;
  }

  /**
   * The first `n` entries' indexes in time order, ties in arrival order. Keys that hold time and arrival
   * index are sorted natively, with no comparator calls: 32-bit keys when the entries' times span under
   * 17 minutes and there are at most 4,096 of them (nearly always), 64-bit floats otherwise.
   */
  private order(n: number): Uint32Array | Float64Array {
    const ts = this.ts;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const t = ts[i]!;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    if (n <= SMALL_N && max - min < SMALL_SPAN) {
      const keys = this.small.subarray(0, n);
      for (let i = 0; i < n; i++) keys[i] = (ts[i]! - min) * SMALL_N + i;
      keys.sort();
      for (let j = 0; j < n; j++) keys[j] = keys[j]! & (SMALL_N - 1);
      return keys;
    }
    if (this.keys.length < n) this.keys = new Float64Array(n * 2);
    const keys = this.keys.subarray(0, n);
    for (let i = 0; i < n; i++) keys[i] = (ts[i]! - this.baseMs) * SEQ + i;
    keys.sort();
    // The arrival index is the key's low part: taken without a floating-point remainder.
    for (let j = 0; j < n; j++) keys[j] = keys[j]! - Math.floor(keys[j]! / SEQ) * SEQ;
    return keys;
  }

  /** Appends every queued entry older than `boundaryMs` to the store, in time order. */
  flush(store: LogStore, boundaryMs: number): void {
    const n = Math.min(this.n, SEQ - 1);
    const order = this.order(n);
    const ts = this.ts;
    const stream = this.stream;
    const lines = this.lines;
    const lens = this.lens;
    // Entries kept for a later flush move to the front of `order`, in time order, then those past `n`.
    let kept = 0;
    for (let j = 0; j < n; j++) {
      const i = order[j]!;
      const t = ts[i]!;
      if (t < boundaryMs) store.appendTo(stream[i]!, t, lines[i]!, lens[i]!);
      else order[kept++] = i;
    }
    const total = this.n;
    let m = 0;
    if (kept > 0 || n < total) {
      // The kept entries, then those past `n`, go into the other set of columns, which becomes this one.
      if (this.ts2.length < this.ts.length) {
        this.ts2 = new Float64Array(this.ts.length);
        this.lens2 = new Uint32Array(this.ts.length);
      }
      const ts2 = this.ts2;
      const lens2 = this.lens2;
      const stream2 = this.stream2;
      const lines2 = this.lines2;
      for (let k = 0; k < kept + total - n; k++) {
        const i = k < kept ? order[k]! : n + k - kept;
        ts2[m] = ts[i]!;
        lens2[m] = lens[i]!;
        stream2[m] = stream[i]!;
        lines2[m] = lines[i]!;
        m++;
      }
      this.ts2 = ts;
      this.lens2 = lens;
      this.stream2 = stream;
      this.lines2 = lines;
      this.ts = ts2;
      this.lens = lens2;
      this.stream = stream2;
      this.lines = lines2;
    }
    // Lines already in the store (or moved) are let go, so the sink does not keep them alive.
    lines.fill('', 0, total);
    this.n = m;
  }
}
