/**
 * Records of the plain success lines a run leaves to a line writer (see `LineWriter`): the numbers each
 * line is written from, in typed arrays that move to the writer's thread a batch at a time.
 */

/** Numbers per line record: endpoint, status, span id words, request (in `u32`); end, duration, start. */
export const U32_PER_LINE = 5;
export const F64_PER_LINE = 3;
/** Numbers per request: the trace id's four words, its segment (+1, 0 for none), client address and agent. */
export const PER_REQUEST = 7;
/** The request's user agent is its segment's own. */
export const SEGMENT_AGENT = 0xffffffff;

/** Records made since the last batch, numbered from `firstLine` and `firstRequest`. */
export interface LineRecords {
  readonly firstLine: number;
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  readonly firstRequest: number;
  readonly requests: Uint32Array;
}

/** The records a run makes for a writer, handed over a batch at a time. */
export class LineRecorder {
  // A batch (the records made while a block of 1,024 lines fills) seldom needs more room.
  private u32 = new Uint32Array(2048 * U32_PER_LINE);
  private f64 = new Float64Array(2048 * F64_PER_LINE);
  private reqs = new Uint32Array(1024 * PER_REQUEST);
  private lines = 0;
  private requests = 0;
  private sentLines = 0;
  private sentRequests = 0;

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

  /** Records a plain success line of the last request; returns its number, put in the line's place. */
  line(ep: number, status: number, hi: number, lo: number, end: number, dur: number, start: number): number {
    const n = this.lines - this.sentLines;
    if (n * U32_PER_LINE === this.u32.length) {
      this.u32 = grown(this.u32);
      this.f64 = grown(this.f64);
    }
    let k = n * U32_PER_LINE;
    const u = this.u32;
    u[k++] = ep;
    u[k++] = status;
    u[k++] = hi;
    u[k++] = lo;
    u[k] = this.requests - 1;
    k = n * F64_PER_LINE;
    const f = this.f64;
    f[k++] = end;
    f[k++] = dur;
    f[k] = start;
    return this.lines++;
  }

  /**
   * The records made since the last call. The arrays are handed over, not copied (free to move to another
   * thread): the recorder goes on in new ones. A line names its request by number, so a request recorded
   * in one batch may have lines in the next.
   */
  take(): LineRecords {
    const batch: LineRecords = {
      firstLine: this.sentLines,
      u32: this.u32.subarray(0, (this.lines - this.sentLines) * U32_PER_LINE),
      f64: this.f64.subarray(0, (this.lines - this.sentLines) * F64_PER_LINE),
      firstRequest: this.sentRequests,
      requests: this.reqs.subarray(0, (this.requests - this.sentRequests) * PER_REQUEST),
    };
    this.u32 = new Uint32Array(this.u32.length);
    this.f64 = new Float64Array(this.f64.length);
    this.reqs = new Uint32Array(this.reqs.length);
    this.sentLines = this.lines;
    this.sentRequests = this.requests;
    return batch;
  }
}

export function grown<T extends Uint32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as { new (n: number): T })(a.length * 2);
  b.set(a);
  return b;
}
