import type { Scenario } from '../../scenario/schema.ts';
import type { BlockText, LogStoreParts, LogStream } from '../../world/logStore.ts';
import { LogStore } from '../../world/logStore.ts';
import { Run } from '../run.ts';
import { WalkedRequest } from '../traffic/walkedRequest.ts';
import type { EntryBatch, LineRecords } from './lineRecords.ts';
import { F64_PER_LINE, grown, PER_REQUEST, SEGMENT_AGENT, U32_PER_LINE } from './lineRecords.ts';
import { LogSink } from './logSink.ts';
import { RequestLines } from './requestLines.ts';

/**
 * Most of a world's log text is plain success lines, and most of the time of making a world is writing
 * them and keeping the log in time order. A run can leave both to a line writer on another thread: it
 * records its entries in the order it writes them (a plain success line as the few numbers it is written
 * from, see `EntryRecorder`) and sends them a batch at a time; the writer writes the text and keeps the
 * log store, which the run's world takes over at the end. The log is the same as the run's own, byte for
 * byte: the writer sorts with the same sink, appends to the same store and writes lines with
 * {@link RequestLines}.
 */
export interface LineWriter {
  /** The next batch of entries. */
  batch(batch: EntryBatch): void;
  /**
   * Lets in the blocks written so far, if the writer is on another thread: the run calls it now and then,
   * so taking in the text overlaps with the rest of the run instead of following it.
   */
  settle?(): Promise<void>;
  /** The log store, once every batch was sent: its parts and the text of the blocks before them. */
  done(): Promise<WrittenLog>;
  /** How many of the batches given are written, as far as this thread knows (all, on this thread). */
  written?(): number;
}

/** A log store as a line writer hands it over (see `LogStore.adopt`). */
export interface WrittenLog {
  readonly parts: LogStoreParts;
  /** The text of the blocks before `parts.fromBlock`, handed over earlier. */
  readonly blocks: readonly BlockText[];
}

/**
 * What the writer's thread runs: it keeps a log store fed with each batch's entries, writing the recorded
 * lines with the same models as the run (the scenario compiled again).
 *
 * @example
 * const writer = new StoreWriter(scenario, seed);
 * writer.add(batch);
 * const { parts } = writer.finish();
 */
export class StoreWriter {
  private readonly run: Run;
  private readonly lines: RequestLines;
  private store = new LogStore(true);
  private readonly sink: LogSink;
  private readonly streams: LogStream[] = [];
  // Room for a standard world's records from the start (untouched room costs nothing): growing copies them.
  private u32 = new Uint32Array((1 << 19) * U32_PER_LINE);
  private f64 = new Float64Array((1 << 19) * F64_PER_LINE);
  private reqs = new Uint32Array((1 << 17) * PER_REQUEST);
  private lineCount = 0;
  private requestCount = 0;
  /** The request whose lines are being written: a request's lines are recorded one after another. */
  private current = -1;
  private readonly request = new WalkedRequest();
  /** Blocks whose text {@link takeBlocks} handed over. */
  private taken = 0;

  constructor(scenario: Scenario, seed: number) {
    this.run = new Run(scenario, seed);
    this.lines = new RequestLines(this.run);
    this.sink = new LogSink(this.run.sys.startMs);
  }

  /** Writes a batch's entries into the store, flushing where the run flushed. */
  add(batch: EntryBatch): void {
    this.keep(batch.records);
    for (const labels of batch.newStreams) this.streams.push(this.store.streamFor(labels));
    const { ts, streams, refs, texts, flushes } = batch;
    let f = 0;
    for (let i = 0; i < refs.length; i++) {
      while (f < flushes.length && flushes[f]! <= i) {
        this.sink.flush(this.store, flushes[f + 1]!);
        f += 2;
      }
      const ref = refs[i]!;
      const stream = this.streams[streams[i]!];
      if (stream === undefined) throw new Error(`log entry of unknown stream ${streams[i]}`);
      this.sink.push(stream, ts[i]!, ref >= 0 ? this.line(ref) : texts[-ref - 1]!);
    }
    for (; f < flushes.length; f += 2) this.sink.flush(this.store, flushes[f + 1]!);
  }

  /** The text of the blocks filled since the last call, from block `from` on. */
  takeBlocks(): { readonly from: number; readonly texts: BlockText[] } {
    const from = this.taken;
    const texts = this.store.blocksFrom(from);
    this.taken = from + texts.length;
    return { from, texts };
  }

  /** Seals the store (every batch is in) and hands over its parts, the blocks not yet taken with them. */
  finish(): LogStoreParts {
    this.store.seal();
    return this.store.parts(this.taken);
  }

  /**
   * Lets go of the store and the records once the parts are handed over: what is left is small, and worth
   * keeping until the next run for the code V8 compiled for it (see `simulate`).
   */
  release(): void {
    this.store = new LogStore(true);
    this.u32 = new Uint32Array(0);
    this.f64 = new Float64Array(0);
    this.reqs = new Uint32Array(0);
    this.lineCount = this.requestCount = 0;
  }

  private keep(r: LineRecords): void {
    if (r.firstLine !== this.lineCount || r.firstRequest !== this.requestCount)
      throw new Error(`line records out of order: got ${r.firstLine}, expected ${this.lineCount}`);
    const lines = r.u32.length / U32_PER_LINE;
    while ((this.lineCount + lines) * U32_PER_LINE > this.u32.length) {
      this.u32 = grown(this.u32);
      this.f64 = grown(this.f64);
    }
    this.u32.set(r.u32, this.lineCount * U32_PER_LINE);
    this.f64.set(r.f64, this.lineCount * F64_PER_LINE);
    this.lineCount += lines;
    const requests = r.requests.length / PER_REQUEST;
    while ((this.requestCount + requests) * PER_REQUEST > this.reqs.length) this.reqs = grown(this.reqs);
    this.reqs.set(r.requests, this.requestCount * PER_REQUEST);
    this.requestCount += requests;
  }

  private line(n: number): string {
    if (n >= this.lineCount) throw new Error(`line record ${n} was never sent`);
    const u = this.u32;
    const f = this.f64;
    const k = n * U32_PER_LINE;
    const req = u[k + 4]!;
    if (req !== this.current) this.begin(req);
    const ep = this.run.sys.endpoints[u[k]!]!;
    const j = n * F64_PER_LINE;
    return this.lines.plain(ep, u[k + 1]!, f[j + 1]!, f[j]!, f[j + 2]!, u[k + 2]!, u[k + 3]!);
  }

  /** Starts the lines of request `req`: its trace id, segment, client address and agent. */
  private begin(req: number): void {
    this.current = req;
    const r = this.reqs;
    const k = req * PER_REQUEST;
    const seg = r[k + 4]! === 0 ? undefined : this.run.segments[r[k + 4]! - 1];
    const request = this.request;
    request.words.set(r.subarray(k, k + 4));
    const agent = r[k + 6]!;
    request.next(seg, r[k + 5]!, agent === SEGMENT_AGENT ? seg!.userAgent : this.run.site.userAgents[agent]!);
    this.lines.begin(request);
  }
}

/**
 * A line writer on this thread: it writes each batch as it is given. The same log as a writer on
 * another thread, for tests and where no thread can be started.
 */
export function localLineWriter(scenario: Scenario, seed: number): LineWriter {
  const writer = new StoreWriter(scenario, seed);
  return {
    batch: (batch) => writer.add(batch),
    done: () => Promise.resolve({ parts: writer.finish(), blocks: [] }),
  };
}
