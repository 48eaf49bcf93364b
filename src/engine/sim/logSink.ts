import type { LogStore, LogStream } from '../world/logStore.ts';

/** Entries kept back per flush are numbered below this, so time and order fit in one sortable number. */
const SEQ = 4194304;

/**
 * Holds log entries until no later request can write an earlier one, then appends them to the store in
 * time order (ties keep the order they were written). A request writes its lines when it completes, so
 * entries arrive out of order within a tick but never before the tick's start.
 */
export class LogSink {
  private ts = new Float64Array(4096);
  private stream: LogStream[] = [];
  private lines: string[] = [];
  private n = 0;
  /** Sort keys of a flush, reused from flush to flush. */
  private keys = new Float64Array(4096);

  constructor(private readonly baseMs: number) {}

  /** Queues an entry; times are rounded to the millisecond, the precision lines show. */
  push(stream: LogStream, tsMs: number, line: string): void {
    if (this.n === this.ts.length) {
      const bigger = new Float64Array(this.n * 2);
      bigger.set(this.ts);
      this.ts = bigger;
    }
    this.ts[this.n] = Math.round(tsMs);
    this.stream[this.n] = stream;
    this.lines[this.n] = line;
    this.n++;
  }

  /** Appends every queued entry older than `boundaryMs` to the store, in time order. */
  flush(store: LogStore, boundaryMs: number): void {
    const n = Math.min(this.n, SEQ - 1);
    if (this.keys.length < n) this.keys = new Float64Array(n * 2);
    const keys = this.keys.subarray(0, n);
    for (let i = 0; i < n; i++) keys[i] = (this.ts[i]! - this.baseMs) * SEQ + i;
    // A native numeric sort of keys that hold time and arrival order: no comparator calls.
    keys.sort();
    const ts = this.ts;
    const stream = this.stream;
    const lines = this.lines;
    // Entries kept for a later flush move to the front, in time order, then those past `n`.
    let kept = 0;
    for (let j = 0; j < n; j++) {
      const key = keys[j]!;
      // The arrival index is the key's low part: taken without a floating-point remainder.
      const i = key - Math.floor(key / SEQ) * SEQ;
      const t = ts[i]!;
      if (t < boundaryMs) store.appendTo(stream[i]!, t, lines[i]!);
      else keys[kept++] = i;
    }
    if (kept === 0 && n === this.n) {
      this.n = 0;
      this.lines.length = 0;
      this.stream.length = 0;
      return;
    }
    const keepTs: number[] = [];
    const keepStream: LogStream[] = [];
    const keepLines: string[] = [];
    for (let k = 0; k < kept; k++) {
      const i = keys[k]!;
      keepTs.push(ts[i]!);
      keepStream.push(stream[i]!);
      keepLines.push(lines[i]!);
    }
    for (let i = n; i < this.n; i++) {
      keepTs.push(ts[i]!);
      keepStream.push(stream[i]!);
      keepLines.push(lines[i]!);
    }
    this.n = keepTs.length;
    this.ts.set(keepTs);
    this.stream = keepStream;
    this.lines = keepLines;
  }
}
