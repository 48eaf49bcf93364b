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
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (this.ts[i]! - this.baseMs) * SEQ + i;
    // A native numeric sort of keys that hold time and arrival order: no comparator calls.
    keys.sort();
    const keepTs: number[] = [];
    const keepStream: LogStream[] = [];
    const keepLines: string[] = [];
    for (let j = 0; j < n; j++) {
      const key = keys[j]!;
      const i = key % SEQ;
      const ts = this.ts[i]!;
      if (ts < boundaryMs) store.append(this.stream[i]!, ts, this.lines[i]!);
      else {
        keepTs.push(ts);
        keepStream.push(this.stream[i]!);
        keepLines.push(this.lines[i]!);
      }
    }
    for (let i = n; i < this.n; i++) {
      keepTs.push(this.ts[i]!);
      keepStream.push(this.stream[i]!);
      keepLines.push(this.lines[i]!);
    }
    this.n = keepTs.length;
    this.ts.set(keepTs);
    this.stream = keepStream;
    this.lines = keepLines;
  }
}
