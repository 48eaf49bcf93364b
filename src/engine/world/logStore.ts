import type { Labels } from './labels.ts';
import { labelsKey } from './labels.ts';

/** What a {@link LogStore} holds, as {@link LogStore.parts} gives it to another store. */
export interface LogStoreParts {
  readonly count: number;
  readonly tsBase: number;
  readonly tsCol: Uint32Array | Float64Array;
  readonly streamCol: Uint16Array | Uint32Array;
  readonly offCol: Uint32Array;
  /** The first block whose text is in `blocks`. */
  readonly fromBlock: number;
  readonly blocks: readonly BlockText[];
  readonly open: readonly string[];
  readonly openLen: number;
  readonly ordered: boolean;
  readonly sealed: boolean;
  readonly postings: readonly Int32Array[];
  readonly postingLen: readonly number[];
}

/**
 * A full block's text: the joined lines, or their UTF-8 bytes (decoded when first read, see
 * {@link LogStore.blockText}).
 */
export type BlockText = string | Uint8Array;

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
 * Entries per block: lines are joined into one string per block, like a Loki chunk. A block of 1,024
 * lines (about 180 KB) is over V8's large-object size, so it is made in place rather than copied out of
 * the young generation by the next scavenge: a world's text is written once.
 */
const BLOCK_BITS = 10;
const BLOCK = 1 << BLOCK_BITS;
/** Lines encoded at a time into a block's bytes: their joined text is small enough to be short-lived. */
const ENCODE_LINES = 128;
const encoder = new TextEncoder();
// A block may start with a byte order mark, which is text like any other.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Columnar log storage: one typed array per column and the lines joined into blocks of 1,024 with an offsets
 * column, so a line costs its characters plus 20 bytes and `line(id)` is a slice. An entry's id is its
 * position in time order, deterministic for a scenario and seed.
 *
 * Entries appended in time order go straight into place and may keep arriving after {@link seal} (a world
 * that resumes); entries appended out of order are sorted stably by {@link seal}.
 *
 * A store made `encoded` (the log writer thread's) keeps full blocks as UTF-8 bytes, which another store
 * takes over without a copy (see {@link parts}) and turns into text when a block is first read.
 *
 * @example
 * const store = new LogStore();
 * store.append({ service: 'cart' }, Date.parse('2026-10-25T01:00:00Z'), 'level=info msg="ok"');
 * store.seal();
 */
export class LogStore {
  /**
   * Times as milliseconds after `tsBase`: 32-bit integers while every time is a whole millisecond within
   * 49 days of the first, 64-bit floats once one is not.
   */
  private tsCol: Uint32Array | Float64Array = new Uint32Array(1024);
  private tsBase = Number.NaN;
  // Two bytes a line while stream ids fit (a world has dozens of streams), four past that.
  private streamCol: Uint16Array | Uint32Array = new Uint16Array(1024);
  /** Offset of each line inside its block. */
  private offCol: Uint32Array = new Uint32Array(1024);
  /** Text per full block: joined, or as bytes. */
  private blocks: BlockText[] = [];
  /** Lines of the block being filled, joined when it is full. */
  private open: string[] = [];
  private openLen = 0;
  private count = 0;
  private ordered = true;
  private sealed = false;
  private readonly streamByKey = new Map<string, LogStream>();
  readonly streams: LogStream[] = [];
  /** Entry ids per stream, in time order; `postingLen` says how much of each array is used. */
  private postings: Int32Array[] = [];
  private postingLen: number[] = [];

  /**
   * @param encoded keep full blocks as UTF-8 bytes, which can move to another thread and become text
   *   there when first read (see {@link parts}).
   */
  constructor(private readonly encoded = false) {}

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
      if (stream.id > 0xffff && this.streamCol instanceof Uint16Array)
        this.streamCol = Uint32Array.from(this.streamCol);
      this.streams.push(stream);
      this.streamByKey.set(key, stream);
      this.postings.push(new Int32Array(64));
      this.postingLen.push(0);
    }
    return stream;
  }

  /** Adds an entry. Entries may arrive out of time order before {@link seal}, which then sorts them stably. */
  append(labels: Labels | LogStream, tsMs: number, line: string): void {
    this.appendTo(
      'key' in labels && 'id' in labels ? (labels as LogStream) : this.streamFor(labels as Labels),
      tsMs,
      line,
    );
  }

  /** Adds an entry to a stream of this store (see {@link append}); `length` is the line's, if known. */
  appendTo(stream: LogStream, tsMs: number, line: string, length = line.length): void {
    if (this.count > 0 && tsMs < this.tsBase + this.tsCol[this.count - 1]!) {
      if (this.sealed)
        throw new Error('LogStore is sealed: later entries must not be older than the last one');
      this.ordered = false;
    }
    const n = this.count;
    if (n === this.tsCol.length) this.grow();
    if (Number.isNaN(this.tsBase)) this.tsBase = tsMs;
    const rel = tsMs - this.tsBase;
    if (this.tsCol instanceof Uint32Array && !(rel >= 0 && rel < 4294967296 && Number.isInteger(rel)))
      this.tsCol = Float64Array.from(this.tsCol);
    this.tsCol[n] = rel;
    this.streamCol[n] = stream.id;
    this.offCol[n] = this.openLen;
    this.open.push(line);
    this.openLen += length;
    this.count = n + 1;
    if (this.ordered) this.post(stream.id, n);
    if (this.open.length === BLOCK) this.closeBlock();
  }

  /** Sorts entries by time if they arrived out of order (stable) and makes every line readable as a slice. */
  seal(): void {
    // The last, partly filled block stays an array of lines so later appends keep ids aligned to blocks.
    if (!this.ordered) this.sortAll();
    this.trim();
    this.sealed = true;
  }

  get isSealed(): boolean {
    return this.sealed;
  }

  tsMs(id: number): number {
    return this.tsBase + this.tsCol[id]!;
  }

  streamOf(id: number): LogStream {
    return this.streams[this.streamCol[id]!]!;
  }

  line(id: number): string {
    const b = id >>> BLOCK_BITS;
    if (b === this.blocks.length) return this.open[id & (BLOCK - 1)]!;
    const text = this.blockText(b)!;
    const end = (id & (BLOCK - 1)) === BLOCK - 1 ? text.length : this.offCol[id + 1]!;
    return text.slice(this.offCol[id]!, end);
  }

  entry(id: number): LogEntry {
    return { id, tsMs: this.tsBase + this.tsCol[id]!, stream: this.streamOf(id), line: this.line(id) };
  }

  /** Entry ids of one stream in time order. */
  streamEntries(streamId: number): Int32Array {
    const p = this.postings[streamId];
    return p ? p.subarray(0, this.postingLen[streamId]!) : new Int32Array(0);
  }

  /** First index in `ids` (sorted by time) whose time is ≥ `tsMs`. */
  lowerBound(ids: Int32Array, tsMs: number): number {
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tsBase + this.tsCol[ids[mid]!]! < tsMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private post(streamId: number, id: number): void {
    let p = this.postings[streamId]!;
    const len = this.postingLen[streamId]!;
    if (len === p.length) {
      const bigger = new Int32Array(p.length * 2);
      bigger.set(p);
      this.postings[streamId] = p = bigger;
    }
    p[len] = id;
    this.postingLen[streamId] = len + 1;
  }

  private closeBlock(): void {
    this.blocks.push(this.encoded ? encodeLines(this.open, this.openLen) : this.open.join(''));
    this.open = [];
    this.openLen = 0;
  }

  /**
   * What the store holds, to be taken over by a store on another thread (see {@link adopt}): columns and
   * postings (whose buffers can move), blocks `fromBlock` on as held, text or bytes (those before went
   * already, see {@link blocksFrom}) and the lines of the block being filled.
   */
  parts(fromBlock = 0): LogStoreParts {
    return {
      count: this.count,
      tsBase: this.tsBase,
      tsCol: this.tsCol,
      streamCol: this.streamCol,
      offCol: this.offCol,
      fromBlock,
      blocks: this.blocksFrom(fromBlock),
      open: this.open,
      openLen: this.openLen,
      ordered: this.ordered,
      sealed: this.sealed,
      postings: this.postings,
      postingLen: this.postingLen,
    };
  }

  /**
   * Takes over what another store holds (see {@link parts}), with `blocks` the text of the blocks before
   * `parts.fromBlock`. The streams must be the same, made in the same order: the other store's entries
   * name them by id.
   */
  adopt(parts: LogStoreParts, blocks: readonly BlockText[] = []): void {
    const full = parts.count >>> BLOCK_BITS;
    const text = [...blocks.slice(0, parts.fromBlock), ...parts.blocks];
    if (
      blocks.length < parts.fromBlock ||
      text.length !== full ||
      text.some((t) => typeof t !== 'string' && !(t instanceof Uint8Array)) ||
      parts.open.length !== parts.count - full * BLOCK
    )
      throw new Error(
        `log store parts do not fit: ${parts.count} entries need ${full} blocks and ${parts.count - full * BLOCK} open lines, got ${text.length} and ${parts.open.length}`,
      );
    if (parts.postings.length !== this.streams.length)
      throw new Error(
        `log store parts have ${parts.postings.length} streams, this store ${this.streams.length}`,
      );
    this.count = parts.count;
    this.tsBase = parts.tsBase;
    this.tsCol = parts.tsCol;
    this.streamCol = parts.streamCol;
    this.offCol = parts.offCol;
    this.blocks = text;
    this.open = [...parts.open];
    this.openLen = parts.openLen;
    this.ordered = parts.ordered;
    this.sealed = parts.sealed;
    this.postings = [...parts.postings];
    this.postingLen = [...parts.postingLen];
  }

  private sortAll(): void {
    const n = this.count;
    const lines: string[] = new Array(n);
    for (let i = 0; i < n; i++) lines[i] = this.line(i);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const ts = Float64Array.from(this.tsCol.subarray(0, n), (t) => t + this.tsBase);
    order.sort((a, b) => ts[a]! - ts[b]! || a - b);
    const oldTs = ts;
    const oldStream = this.streamCol.slice(0, n);
    this.tsBase = Number.NaN;
    this.tsCol = new Uint32Array(Math.max(n, 1));
    this.blocks.length = 0;
    this.open = [];
    this.openLen = 0;
    this.count = 0;
    this.ordered = true;
    for (let s = 0; s < this.streams.length; s++) this.postingLen[s] = 0;
    for (let i = 0; i < n; i++) {
      const from = order[i]!;
      this.append(this.streams[oldStream[from]!]!, oldTs[from]!, lines[from]!);
    }
  }

  /** Gives back the spare room growth left in each column (up to half of it). */
  private trim(): void {
    const n = this.count;
    this.tsCol = this.tsCol.slice(0, Math.max(n, 1));
    this.streamCol = this.streamCol.slice(0, Math.max(n, 1));
    this.offCol = this.offCol.slice(0, Math.max(n, 1));
    for (let s = 0; s < this.postings.length; s++)
      this.postings[s] = this.postings[s]!.slice(0, Math.max(this.postingLen[s]!, 1));
  }

  private grow(): void {
    const size = this.tsCol.length * 2;
    const ts = this.tsCol instanceof Uint32Array ? new Uint32Array(size) : new Float64Array(size);
    ts.set(this.tsCol);
    this.tsCol = ts;
    const st = this.streamCol instanceof Uint16Array ? new Uint16Array(size) : new Uint32Array(size);
    st.set(this.streamCol);
    this.streamCol = st;
    const off = new Uint32Array(size);
    off.set(this.offCol);
    this.offCol = off;
  }

  /** Entries per block: entry `id` lies in block `Math.floor(id / linesPerBlock)`. */
  get linesPerBlock(): number {
    return BLOCK;
  }

  /** Number of blocks of joined text, the last one possibly still being filled. */
  get blockCount(): number {
    return this.blocks.length + (this.open.length > 0 ? 1 : 0);
  }

  /**
   * The joined text of block `b` (entries `b * 1024` to `b * 1024 + 1023`), or undefined for the block still
   * being filled. Lines are joined without a separator: a search over the text must check that a match lies
   * inside one line, using {@link blockLineStarts}.
   */
  blockText(b: number): string | undefined {
    const t = this.blocks[b];
    if (t === undefined || typeof t === 'string') return t;
    // Encoding never leaves a block empty (see encodeLines): these bytes moved to another thread.
    if (t.byteLength === 0) throw new Error(`log block ${b} was handed over and is no longer here`);
    const text = decoder.decode(t);
    this.blocks[b] = text;
    return text;
  }

  /** The full blocks from `b` on, as held: text or bytes (see `encoded`). */
  blocksFrom(b: number): BlockText[] {
    return this.blocks.slice(b);
  }

  /** Bytes of the full blocks still held as bytes, not yet read. */
  get encodedBytes(): number {
    let n = 0;
    for (const t of this.blocks) if (typeof t !== 'string') n += t.byteLength;
    return n;
  }

  /** Where each line of a full block starts in {@link blockText}: 1,024 offsets, ascending. */
  blockLineStarts(b: number): Uint32Array {
    return this.offCol.subarray(b << BLOCK_BITS, (b + 1) << BLOCK_BITS);
  }

  /** The stream id of entry `id`, without looking up the stream. */
  streamIdOf(id: number): number {
    return this.streamCol[id]!;
  }
}

/** A surrogate without its other half, which UTF-8 cannot carry. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The UTF-8 bytes of lines joined, `length` UTF-16 units in all, encoded a few lines at a time: short
 * pieces of text are made and dropped in the young generation, and the bytes are written once, in place.
 * Text that is not all ASCII needs more bytes than units and is encoded again in one piece; text UTF-8
 * cannot carry (a lone surrogate) stays text.
 */
function encodeLines(lines: readonly string[], length: number): BlockText {
  if (length === 0) return '';
  const bytes = new Uint8Array(length);
  let at = 0;
  for (let i = 0; i < lines.length; i += ENCODE_LINES) {
    const text = lines.slice(i, i + ENCODE_LINES).join('');
    const r = encoder.encodeInto(text, bytes.subarray(at));
    if (r.read !== text.length) {
      const all = lines.join('');
      return LONE_SURROGATE.test(all) ? all : encoder.encode(all);
    }
    at += r.written;
  }
  return bytes;
}
