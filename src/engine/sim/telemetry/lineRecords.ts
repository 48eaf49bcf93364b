import type { Labels } from '../../world/labels.ts';
import type { LogStore, LogStream } from '../../world/logStore.ts';
import type { SpanBuffer } from '../traffic/spans.ts';
import type { EntrySink } from './logSink.ts';

/**
 * Records of a run's log entries for a line writer on another thread (see `LineWriter`): the entries in the
 * order the run wrote them, with the ticks' flushes between them, and for each plain success line the few
 * numbers it is written from instead of its text. The writer writes the text and keeps the store.
 */

/** Numbers per line record: endpoint, status, span id words, request (in `u32`); end, duration, start. */
export const U32_PER_LINE = 5;
export const F64_PER_LINE = 3;
/** Numbers per request: the trace id's four words, its segment (+1, 0 for none), client address and agent. */
export const PER_REQUEST = 7;
/** The request's user agent is its segment's own. */
export const SEGMENT_AGENT = 0xffffffff;

/** Line records made since the last batch, numbered from `firstLine` and `firstRequest`. */
export interface LineRecords {
  readonly firstLine: number;
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  readonly firstRequest: number;
  readonly requests: Uint32Array;
}

/** Log entries a run wrote since the last batch, in order, and the flushes between them. */
export interface EntryBatch {
  /** Each entry's time (as the run gave it) and stream id. */
  readonly ts: Float64Array;
  readonly streams: Uint32Array;
  /** Each entry's line: the number of a line record (≥ 0), or `-k - 1` for the k-th of `texts`. */
  readonly refs: Int32Array;
  /** The lines the run wrote itself: failures, runtime and cluster events, noise. */
  readonly texts: readonly string[];
  /** The flushes, as pairs: the number of this batch's entries written before it, and its boundary. */
  readonly flushes: Float64Array;
  /** The label sets of the streams made since the last batch, in the order of their ids. */
  readonly newStreams: readonly Labels[];
  readonly records: LineRecords;
}

/** Entries per batch: a batch goes when it is full, and when the run lets the writer's work in. */
const BATCH = 8192;

/**
 * The entry sink of a run whose plain success lines a line writer writes: it records entries and line
 * records and hands them over a batch at a time, arrays and all (they can move to another thread). A line
 * names its request by number, so a request recorded in one batch may have lines in the next.
 */
export class EntryRecorder implements EntrySink {
  private ts = new Float64Array(BATCH);
  private streamIds = new Uint32Array(BATCH);
  private refs = new Int32Array(BATCH);
  private texts: string[] = [];
  private n = 0;
  // A typed array, not a list: a list made anew for each batch would start out holding small integers,
  // and every batch's first flush time would change its kind under the compiled code.
  private flushes = new Float64Array(64);
  private flushCount = 0;
  private streamsSent = 0;
  // A batch's records seldom need more room than this.
  private u32 = new Uint32Array(BATCH * U32_PER_LINE);
  private f64 = new Float64Array(BATCH * F64_PER_LINE);
  private reqs = new Uint32Array(2048 * PER_REQUEST);
  private lines = 0;
  private requests = 0;
  private sentLines = 0;
  private sentRequests = 0;
  /**
   * Whether the run writes its plain lines itself for now: when the writer falls behind, the run takes
   * some of its work (the text is the same whoever writes it).
   */
  writeHere = false;
  /** Batches handed over. */
  batches = 0;

  constructor(
    /** The run's streams, by id: the writer keeps the entries. */
    private readonly streams: readonly LogStream[],
    private sendBatch: (batch: EntryBatch) => void,
  ) {}

  /** A line the run wrote itself. */
  push(stream: LogStream, tsMs: number, line: string): void {
    this.texts.push(line);
    this.entry(stream, tsMs, -this.texts.length);
  }

  /** Records a request's shared parts; its lines are recorded after it. */
  request(w0: number, w1: number, w2: number, w3: number, seg: number, ip: number, ua: number): void {
    let k = (this.requests - this.sentRequests) * PER_REQUEST;
    if (k === this.reqs.length) this.reqs = grown(this.reqs);
    const r = this.reqs;
    r[k++] = w0;
    r[k++] = w1;
    r[k++] = w2;
    r[k++] = w3;
    r[k++] = seg;
    r[k++] = ip;
    r[k] = ua;
    this.requests++;
  }

  /**
   * The line of server span `i` of the last request, a plain success: recorded, for the writer to write,
   * at the span's end. Read from the buffer here, not passed: numbers that are not small integers would
   * each be boxed on the way in.
   */
  line(stream: LogStream, ep: number, sp: SpanBuffer, i: number): void {
    const n = this.lines - this.sentLines;
    if (n * U32_PER_LINE === this.u32.length) {
      this.u32 = grown(this.u32);
      this.f64 = grown(this.f64);
    }
    let k = n * U32_PER_LINE;
    const u = this.u32;
    u[k++] = ep;
    u[k++] = sp.status[i]!;
    u[k++] = sp.hi(i);
    u[k++] = sp.lo(i);
    u[k] = this.requests - 1;
    const start = sp.start[i]!;
    const dur = sp.dur[i]!;
    const end = start + dur;
    k = n * F64_PER_LINE;
    const f = this.f64;
    f[k++] = end;
    f[k++] = dur;
    f[k] = start;
    this.entry(stream, end, this.lines++);
  }

  flush(_store: LogStore, boundaryMs: number): void {
    if (this.flushCount === this.flushes.length) this.flushes = grown(this.flushes);
    this.flushes[this.flushCount++] = this.n;
    this.flushes[this.flushCount++] = boundaryMs;
  }

  /** Hands over what was recorded since the last batch, if anything. */
  send(): void {
    if (this.n === 0 && this.flushCount === 0) return;
    const streams = this.streams;
    const batch: EntryBatch = {
      ts: this.ts.subarray(0, this.n),
      streams: this.streamIds.subarray(0, this.n),
      refs: this.refs.subarray(0, this.n),
      texts: this.texts,
      flushes: this.flushes.slice(0, this.flushCount),
      newStreams: streams.slice(this.streamsSent).map((s) => s.labels),
      records: {
        firstLine: this.sentLines,
        u32: this.u32.subarray(0, (this.lines - this.sentLines) * U32_PER_LINE),
        f64: this.f64.subarray(0, (this.lines - this.sentLines) * F64_PER_LINE),
        firstRequest: this.sentRequests,
        requests: this.reqs.subarray(0, (this.requests - this.sentRequests) * PER_REQUEST),
      },
    };
    this.streamsSent = streams.length;
    this.sentLines = this.lines;
    this.sentRequests = this.requests;
    // The arrays go with the batch: the next one is recorded in new ones.
    this.ts = new Float64Array(BATCH);
    this.streamIds = new Uint32Array(BATCH);
    this.refs = new Int32Array(BATCH);
    this.texts = [];
    this.n = 0;
    this.flushCount = 0;
    this.u32 = new Uint32Array(this.u32.length);
    this.f64 = new Float64Array(this.f64.length);
    this.reqs = new Uint32Array(this.reqs.length);
    this.batches++;
    this.sendBatch(batch);
  }

  /** Lets go of the writer: nothing more is sent. */
  release(): void {
    this.sendBatch = () => {
      throw new Error('the run was released: its log is no longer recorded');
    };
  }

  private entry(stream: LogStream, tsMs: number, ref: number): void {
    const n = this.n;
    this.ts[n] = tsMs;
    this.streamIds[n] = stream.id;
    this.refs[n] = ref;
    this.n = n + 1;
    if (this.n === BATCH) this.send();
  }
}

export function grown<T extends Uint32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as { new (n: number): T })(a.length * 2);
  b.set(a);
  return b;
}
