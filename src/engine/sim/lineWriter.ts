import type { Scenario } from '../scenario/schema.ts';
import { traceIdText } from './ids.ts';
import type { LineRecords } from './lineRecords.ts';
import { F64_PER_LINE, grown, PER_REQUEST, SEGMENT_AGENT, U32_PER_LINE } from './lineRecords.ts';
import type { RequestText } from './requestLines.ts';
import { RequestLines } from './requestLines.ts';
import { Run, USER_AGENTS } from './run.ts';

/**
 * Most of a world's log text is plain success lines, and most of the time of making a world is writing
 * them. A run can leave them to a line writer on another thread: it records what each line needs (a few
 * numbers, below) and puts the record's number in the line's place; when a block of the store fills, its
 * entries go to the writer, which writes the text and joins the block; the text comes back at the end.
 * The text is the same as the run's own, byte for byte: both are written by {@link RequestLines}.
 */
export interface LineWriter {
  /** A block's entries in order: text, or the number of a record in `records` or an earlier batch. */
  block(b: number, entries: readonly (string | number)[], records: LineRecords): void;
  /** Every block's text and line offsets, once all were sent. */
  done(): Promise<readonly WrittenBlock[]>;
  /**
   * Lets in the blocks written so far, if the writer is on another thread: the run calls it now and then,
   * so taking in the text overlaps with the rest of the run instead of following it.
   */
  settle?(): Promise<void>;
}

/** A block of text as the writer joined it, with where each of its lines starts. */
export interface WrittenBlock {
  readonly b: number;
  readonly text: string;
  readonly starts: Uint32Array;
}

/** Requests whose shared text is kept (a power of two): a request's lines are nearly always within as many. */
const RECENT = 1024;
const NO_TEXT = { req: -1, traceId: '', seg: undefined, ip: '', ua: '' };

/**
 * What the writer's thread runs: it writes the recorded lines of each block it is given, with the same
 * models as the run (the scenario compiled again) and joins the block.
 *
 * @example
 * const blocks = new BlockWriter(scenario, seed);
 * const { text, starts } = blocks.write(entries, records);
 */
export class BlockWriter {
  private readonly run: Run;
  private readonly lines: RequestLines;
  // Room for a standard world's records from the start (untouched room costs nothing): growing copies them.
  private u32 = new Uint32Array((1 << 19) * U32_PER_LINE);
  private f64 = new Float64Array((1 << 19) * F64_PER_LINE);
  private reqs = new Uint32Array((1 << 17) * PER_REQUEST);
  private lineCount = 0;
  private requestCount = 0;
  private current = -1;
  /**
   * What the lines of recent requests share, by request number modulo the size: a request's lines are
   * seldom next to each other, but nearly always within a few seconds. Kept for a short while only, so they
   * die young; one met again later is made again, the same.
   */
  private readonly recent: (RequestText & { readonly req: number })[] = new Array(RECENT).fill(NO_TEXT);

  constructor(scenario: Scenario, seed: number) {
    this.run = new Run(scenario, seed);
    this.lines = new RequestLines(this.run);
  }

  /** Writes a block: its text and where each line starts. */
  write(entries: readonly (string | number)[], records: LineRecords): { text: string; starts: Uint32Array } {
    this.keep(records);
    return this.join(entries.length, (i) => entries[i]!);
  }

  /** {@link write} for a block packed by {@link packEntries}. */
  writePacked(packed: PackedEntries, records: LineRecords): { text: string; starts: Uint32Array } {
    this.keep(records);
    const { refs, texts } = packed;
    return this.join(refs.length, (i) => (refs[i]! >= 0 ? refs[i]! : texts[-refs[i]! - 1]!));
  }

  private join(n: number, entry: (i: number) => string | number): { text: string; starts: Uint32Array } {
    const out: string[] = new Array(n);
    const starts = new Uint32Array(n);
    let off = 0;
    for (let i = 0; i < n; i++) {
      const e = entry(i);
      const line = typeof e === 'string' ? e : this.line(e);
      out[i] = line;
      starts[i] = off;
      off += line.length;
    }
    return { text: out.join(''), starts };
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
    let text = this.recent[req & (RECENT - 1)]!;
    if (text.req !== req) {
      const r = this.reqs;
      const k = req * PER_REQUEST;
      const seg = r[k + 4]! === 0 ? undefined : this.run.segments[r[k + 4]! - 1];
      const ip = r[k + 5]!;
      text = {
        req,
        traceId: traceIdText(r[k]!, r[k + 1]!, r[k + 2]!, r[k + 3]!),
        seg,
        ip: `10.${ip >>> 16}.${(ip >>> 8) & 255}.${ip & 255}`,
        ua: r[k + 6]! === SEGMENT_AGENT ? seg!.userAgent : USER_AGENTS[r[k + 6]!]!,
      };
      this.recent[req & (RECENT - 1)] = text;
    }
    this.lines.begin(text);
  }
}

/**
 * A block's entries for another thread: record numbers as they are, the lines written here as `-k - 1` for
 * the k-th of `texts` (few: failures, runtime and cluster events, noise).
 */
export interface PackedEntries {
  readonly refs: Int32Array;
  readonly texts: readonly string[];
}

/** Packs a block's entries into {@link PackedEntries}. */
export function packEntries(entries: readonly (string | number)[]): PackedEntries {
  const refs = new Int32Array(entries.length);
  const texts: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (typeof e === 'number') refs[i] = e;
    else {
      texts.push(e);
      refs[i] = -texts.length;
    }
  }
  return { refs, texts };
}

/**
 * A line writer on this thread: it writes each block as it is given. The same text as a writer on
 * another thread, for tests and where no thread can be started.
 */
export function localLineWriter(scenario: Scenario, seed: number): LineWriter {
  const writer = new BlockWriter(scenario, seed);
  const written: WrittenBlock[] = [];
  return {
    block(b, entries, records) {
      written.push({ b, ...writer.write(entries, records) });
    },
    done: () => Promise.resolve(written),
  };
}
