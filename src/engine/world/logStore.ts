import type { Labels } from './labels.ts';
import { labelsKey } from './labels.ts';

/** A log stream: the entries sharing one label set, as in Loki. */
export interface LogStream {
  readonly id: number;
  readonly labels: Labels;
  readonly key: string;
}

/** One log entry, materialised for a result. `id` is stable for a world and is what evidence points at. */
export interface LogEntry {
  readonly id: number;
  readonly tsMs: number;
  readonly stream: LogStream;
  readonly line: string;
}

/**
 * Columnar log storage: one array per column, entries in time order once {@link LogStore.seal} has run.
 * An entry's id is its index after sealing, so ids are deterministic for a scenario and seed.
 *
 * @example
 * const store = new LogStore();
 * store.append({ service: 'cart' }, Date.parse('2026-10-25T01:00:00Z'), 'level=info msg="ok"');
 * store.seal();
 */
export class LogStore {
  private tsCol: Float64Array = new Float64Array(1024);
  private streamCol: Uint32Array = new Uint32Array(1024);
  private lineCol: string[] = [];
  private count = 0;
  private sealed = false;
  private readonly streamByKey = new Map<string, LogStream>();
  readonly streams: LogStream[] = [];
  /** Entry ids per stream, in time order; filled by {@link seal}. */
  private postings: Int32Array[] = [];

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** The stream for a label set, created on first use. */
  streamFor(labels: Labels): LogStream {
    const key = labelsKey(labels);
    let stream = this.streamByKey.get(key);
    if (!stream) {
      stream = { id: this.streams.length, labels: { ...labels }, key };
      this.streams.push(stream);
      this.streamByKey.set(key, stream);
    }
    return stream;
  }

  /** Adds an entry. Entries may arrive out of time order; {@link seal} sorts them stably. */
  append(labels: Labels | LogStream, tsMs: number, line: string): void {
    if (this.sealed) throw new Error('LogStore is sealed: append before seal()');
    const stream =
      'key' in labels && 'id' in labels ? (labels as LogStream) : this.streamFor(labels as Labels);
    if (this.count === this.tsCol.length) this.grow();
    this.tsCol[this.count] = tsMs;
    this.streamCol[this.count] = stream.id;
    this.lineCol.push(line);
    this.count++;
  }

  /** Sorts entries by time (stable, so equal times keep their insertion order) and builds the stream index. */
  seal(): void {
    if (this.sealed) return;
    const n = this.count;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const ts = this.tsCol;
    order.sort((a, b) => ts[a]! - ts[b]! || a - b);
    const newTs = new Float64Array(n);
    const newStream = new Uint32Array(n);
    const newLines: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const from = order[i]!;
      newTs[i] = ts[from]!;
      newStream[i] = this.streamCol[from]!;
      newLines[i] = this.lineCol[from]!;
    }
    this.tsCol = newTs;
    this.streamCol = newStream;
    this.lineCol = newLines;

    const counts = new Int32Array(this.streams.length);
    for (let i = 0; i < n; i++) counts[newStream[i]!]!++;
    this.postings = this.streams.map((s) => new Int32Array(counts[s.id]!));
    const fill = new Int32Array(this.streams.length);
    for (let i = 0; i < n; i++) {
      const s = newStream[i]!;
      this.postings[s]![fill[s]!++] = i;
    }
    this.sealed = true;
  }

  get isSealed(): boolean {
    return this.sealed;
  }

  tsMs(id: number): number {
    return this.tsCol[id]!;
  }

  streamOf(id: number): LogStream {
    return this.streams[this.streamCol[id]!]!;
  }

  line(id: number): string {
    return this.lineCol[id]!;
  }

  entry(id: number): LogEntry {
    return { id, tsMs: this.tsCol[id]!, stream: this.streamOf(id), line: this.lineCol[id]! };
  }

  /** Entry ids of one stream in time order (requires {@link seal}). */
  streamEntries(streamId: number): Int32Array {
    return this.postings[streamId] ?? new Int32Array(0);
  }

  /** First index in `ids` (sorted by time) whose time is ≥ `tsMs`. */
  lowerBound(ids: Int32Array, tsMs: number): number {
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tsCol[ids[mid]!]! < tsMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(): void {
    const ts = new Float64Array(this.tsCol.length * 2);
    ts.set(this.tsCol);
    this.tsCol = ts;
    const st = new Uint32Array(this.streamCol.length * 2);
    st.set(this.streamCol);
    this.streamCol = st;
  }
}
