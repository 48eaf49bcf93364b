import type { Labels } from '../../world/labels.ts';
import type { LogStore } from '../../world/logStore.ts';
import { spend } from '../budget.ts';
import type { ResultLogLine, ResultStream } from '../types.ts';
import type { LogExpr } from './ast.ts';
import type { LineVisitor, Needle } from './blockScan.ts';
import { blockSearchPays, needleFor, scanBlocks } from './blockScan.ts';
import type { CompiledPipeline } from './pipeline.ts';
import { compilePipeline } from './pipeline.ts';
import { mapKey, mapToLabels } from './pipelineLabels.ts';
import { lowerBoundId, selectStreams } from './selectStreams.ts';
import type { LogQLStats } from './stats.ts';
import { searchStreamText, streamTextReady } from './streamText.ts';

/** Options of a log query, as Loki's `query_range` takes them. */
export interface LogQueryOptions {
  /** Inclusive start, milliseconds since the epoch. */
  readonly startMs: number;
  /** Exclusive end, milliseconds since the epoch. */
  readonly endMs: number;
  /** Most lines to return across all streams; Loki and Grafana default to 100. */
  readonly limit?: number;
  /** `backward` (newest first, the default) or `forward`. */
  readonly direction?: 'backward' | 'forward';
}

/** Loki's and Grafana's default line limit. */
export const DEFAULT_LIMIT = 100;

/**
 * Most lines one request may ask for: Loki's default `max_entries_limit_per_query`. The HTTP API and the
 * command line refuse more, so one request cannot make the server build a response of any size.
 */
export const MAX_LIMIT = 5000;

interface Hit {
  readonly id: number;
  readonly tsMs: number;
  readonly line: string;
  readonly labels: Labels | ReadonlyMap<string, string>;
  readonly key: string;
}

/**
 * When the selected streams hold at least this share of all lines, one pass over the time-ordered line
 * column beats walking each stream's postings and merging them.
 */
const FULL_SCAN_SHARE = 0.5;

/**
 * Below this share of all lines, a line filter searches the selected streams' own texts; above it, the
 * store's blocks, which hold every stream's lines, are searched as they are (no copy of most of the text).
 */
const STREAM_TEXT_SHARE = 0.5;

/**
 * Evaluates a log query: selects streams by label, walks their entries in the time range in the requested
 * direction, runs the pipeline, and stops as soon as `limit` lines matched. Lines carry their entry ids.
 */
export function evaluateLogExpr(
  store: LogStore,
  expr: LogExpr,
  opts: LogQueryOptions,
  stats: LogQLStats,
): ResultStream[] {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const backward = (opts.direction ?? 'backward') === 'backward';
  const streamIds = selectStreams(store, expr.matchers);
  stats.streamsSelected += streamIds.length;
  if (streamIds.length === 0 || limit <= 0) return [];
  const pipeline = compilePipeline(expr.pipeline);
  let selectedLines = 0;
  for (const s of streamIds) selectedLines += store.streamEntries(s).length;
  const needle = pipeline.needle === undefined ? undefined : needleFor(store, pipeline.needle);
  // A filter over some of the streams searches their own texts (joined the second time they are asked
  // for, then kept); over most of the store, every stream's blocks at once; with no text, line by line.
  const own =
    needle !== undefined && selectedLines < store.size * STREAM_TEXT_SHARE
      ? searchStreams(store, streamIds, pipeline, needle, opts, limit, backward, stats)
      : undefined;
  const hits =
    own ??
    (needle && blockSearchPays(store, needle, selectedLines)
      ? searchBlocks(store, streamIds, pipeline, needle, opts, limit, backward, stats)
      : streamIds.length > 1 && selectedLines >= store.size * FULL_SCAN_SHARE
        ? scanAll(store, streamIds, pipeline, opts, limit, backward, stats)
        : scanStreams(store, streamIds, pipeline, opts, limit, backward, stats));
  stats.entriesReturned += hits.length;
  return groupHits(hits);
}

/**
 * Every line of the selected streams in `[startMs, endMs)` that contains the needle, found by the text
 * search a log query with that filter would use (a stream's own text, or the store's blocks), each passed
 * to `visit` (in id order within a stream). Answers false, having visited nothing, when searching would
 * not beat reading the lines one by one: the caller then does that.
 */
export function searchLines(
  store: LogStore,
  streamIds: readonly number[],
  needle: Needle,
  startMs: number,
  endMs: number,
  visit: (id: number, line: string) => void,
  stats: LogQLStats,
): boolean {
  let selectedLines = 0;
  for (const s of streamIds) selectedLines += store.streamEntries(s).length;
  const range = { startMs, endMs };
  if (selectedLines < store.size * STREAM_TEXT_SHARE) {
    const found = streamHits(store, streamIds, needle, range, stats);
    if (found) {
      for (const { ids, ks } of found) for (const k of ks) visit(ids[k]!, store.line(ids[k]!));
      return true;
    }
  }
  if (!blockSearchPays(store, needle, selectedLines)) return false;
  blockHits(
    store,
    streamIds,
    needle,
    range,
    true,
    (id, line) => {
      visit(id, line);
      return false;
    },
    stats,
  );
  return true;
}

function collect(store: LogStore, id: number, line: string, pipeline: CompiledPipeline, out: Hit[]): void {
  const stream = store.streamOf(id);
  const tsMs = store.tsMs(id);
  if (!pipeline.hasSteps) {
    out.push({ id, tsMs, line, labels: stream.labels, key: stream.key });
    return;
  }
  const r = pipeline.run(line, stream.labels, tsMs);
  if (r) out.push({ id, tsMs, line: r.line, labels: r.labels, key: mapKey(r.labels) });
}

/**
 * Lines of the selected streams that contain the pipeline's needle, found by searching the store's blocks
 * of joined text (see {@link scanBlocks}), then tested and collected in id order like {@link scanAll}.
 * Chosen when the selected streams are a large enough share of the store (see {@link blockSearchPays}).
 */
function searchBlocks(
  store: LogStore,
  streamIds: readonly number[],
  pipeline: CompiledPipeline,
  needle: Needle,
  opts: LogQueryOptions,
  limit: number,
  backward: boolean,
  stats: LogQLStats,
): Hit[] {
  const test = pipeline.lineTest;
  const out: Hit[] = [];
  blockHits(
    store,
    streamIds,
    needle,
    opts,
    !backward,
    (id, line) => {
      spend(1);
      if (test && !test(line)) return false;
      collect(store, id, line, pipeline, out);
      return out.length >= limit;
    },
    stats,
  );
  return out;
}

/** Runs {@link scanBlocks} over the selected streams in the time range and counts what it read. */
function blockHits(
  store: LogStore,
  streamIds: readonly number[],
  needle: Needle,
  opts: LogQueryOptions,
  forward: boolean,
  visit: LineVisitor,
  stats: LogQLStats,
): void {
  const selected = new Uint8Array(store.streams.length);
  for (const s of streamIds) selected[s] = 1;
  const lo = lowerBoundId(store, 0, store.size, opts.startMs);
  const hi = lowerBoundId(store, lo, store.size, opts.endMs);
  const count = { bytes: 0 };
  scanBlocks(store, selected, needle, lo, hi, !forward, visit, count);
  // Lines of the selected streams in the range; the search read the other streams' text too.
  for (const s of streamIds) {
    const ids = store.streamEntries(s);
    stats.linesProcessed += store.lowerBound(ids, opts.endMs) - store.lowerBound(ids, opts.startMs);
  }
  stats.bytesProcessed += count.bytes;
}

/**
 * Lines of the selected streams that contain the needle, found in each stream's own joined text (built on
 * the second filter over the stream and kept: see {@link searchStreamText}), then tested and collected like
 * {@link scanStreams}. Undefined when a stream's text is not kept (yet); the caller then searches as before.
 */
function searchStreams(
  store: LogStore,
  streamIds: readonly number[],
  pipeline: CompiledPipeline,
  needle: Needle,
  opts: LogQueryOptions,
  limit: number,
  backward: boolean,
  stats: LogQLStats,
): Hit[] | undefined {
  const found = streamHits(store, streamIds, needle, opts, stats);
  if (!found) return undefined;
  const perStream: Hit[][] = [];
  for (const { ids, ks } of found) {
    const out: Hit[] = [];
    collectInOrder(store, ks.length, (j) => ids[ks[j]!]!, backward, pipeline, limit, out);
    perStream.push(out);
  }
  return merged(perStream, backward, limit);
}

/**
 * Where the needle occurs in each selected stream's own text within the time range (positions in the
 * stream's entries, increasing), counted into the statistics; undefined when a stream's text is not kept.
 */
function streamHits(
  store: LogStore,
  streamIds: readonly number[],
  needle: Needle,
  opts: LogQueryOptions,
  stats: LogQLStats,
): { ids: Int32Array; ks: number[] }[] | undefined {
  // Every stream is asked for first, so a query notes (or joins) all of them, not one per query.
  const ready = streamIds.map((sid) => streamTextReady(store, sid));
  if (!ready.every(Boolean)) return undefined;
  const found: { ids: Int32Array; ks: number[] }[] = [];
  let lines = 0;
  let bytes = 0;
  for (const sid of streamIds) {
    const ids = store.streamEntries(sid);
    const lo = store.lowerBound(ids, opts.startMs);
    const hi = store.lowerBound(ids, opts.endMs);
    const ks: number[] = [];
    const chars = searchStreamText(store, sid, needle, lo, hi, (k) => ks.push(k));
    if (chars === undefined) return undefined;
    found.push({ ids, ks });
    lines += hi - lo;
    bytes += chars;
  }
  stats.linesProcessed += lines;
  stats.bytesProcessed += bytes;
  return found;
}

/**
 * Tests candidates `idAt(0)` to `idAt(count - 1)` (from the last when `backward`) and collects the lines
 * the pipeline keeps into `out` until it holds `limit`. Returns the lines and characters it read.
 */
function collectInOrder(
  store: LogStore,
  count: number,
  idAt: (j: number) => number,
  backward: boolean,
  pipeline: CompiledPipeline,
  limit: number,
  out: Hit[],
): { lines: number; chars: number } {
  const test = pipeline.lineTest;
  let lines = 0;
  let chars = 0;
  for (let j = backward ? count - 1 : 0; backward ? j >= 0 : j < count; j += backward ? -1 : 1) {
    const id = idAt(j);
    const line = store.line(id);
    spend(1);
    lines++;
    chars += line.length;
    if (test && !test(line)) continue;
    collect(store, id, line, pipeline, out);
    if (out.length >= limit) break;
  }
  return { lines, chars };
}

/** Each stream's hits (each in query order, at most `limit`) merged into the first `limit` of all. */
function merged(perStream: readonly Hit[][], backward: boolean, limit: number): Hit[] {
  if (perStream.length === 1) return perStream[0]!;
  const all = perStream.flat();
  all.sort(backward ? (a, b) => b.id - a.id : (a, b) => a.id - b.id);
  return all.length > limit ? all.slice(0, limit) : all;
}

function scanAll(
  store: LogStore,
  streamIds: readonly number[],
  pipeline: CompiledPipeline,
  opts: LogQueryOptions,
  limit: number,
  backward: boolean,
  stats: LogQLStats,
): Hit[] {
  const selected = new Uint8Array(store.streams.length);
  for (const s of streamIds) selected[s] = 1;
  const everyStream = streamIds.length === store.streams.length;
  const lo = lowerBoundId(store, 0, store.size, opts.startMs);
  const hi = lowerBoundId(store, lo, store.size, opts.endMs);
  const test = pipeline.lineTest;
  const out: Hit[] = [];
  let scanned = 0;
  let bytes = 0;
  const step = backward ? -1 : 1;
  for (let id = backward ? hi - 1 : lo; backward ? id >= lo : id < hi; id += step) {
    if (!everyStream && selected[store.streamOf(id).id] === 0) continue;
    const line = store.line(id);
    spend(1);
    scanned++;
    bytes += line.length;
    if (test && !test(line)) continue;
    collect(store, id, line, pipeline, out);
    if (out.length >= limit) break;
  }
  stats.linesProcessed += scanned;
  stats.bytesProcessed += bytes;
  return out;
}

function scanStreams(
  store: LogStore,
  streamIds: readonly number[],
  pipeline: CompiledPipeline,
  opts: LogQueryOptions,
  limit: number,
  backward: boolean,
  stats: LogQLStats,
): Hit[] {
  const perStream: Hit[][] = [];
  for (const sid of streamIds) {
    const ids = store.streamEntries(sid);
    const lo = store.lowerBound(ids, opts.startMs);
    const hi = store.lowerBound(ids, opts.endMs);
    const out: Hit[] = [];
    // Each stream contributes at most `limit` lines, the newest (or oldest) ones; the merge keeps the best.
    const read = collectInOrder(store, hi - lo, (j) => ids[lo + j]!, backward, pipeline, limit, out);
    stats.linesProcessed += read.lines;
    stats.bytesProcessed += read.chars;
    perStream.push(out);
  }
  return merged(perStream, backward, limit);
}

function isLabelMap(l: Labels | ReadonlyMap<string, string>): l is ReadonlyMap<string, string> {
  return l instanceof Map;
}

function groupHits(hits: readonly Hit[]): ResultStream[] {
  const byKey = new Map<string, { labels: Labels; entries: ResultLogLine[] }>();
  for (const h of hits) {
    let s = byKey.get(h.key);
    if (!s) {
      const labels: Labels = isLabelMap(h.labels) ? mapToLabels(h.labels) : { ...h.labels };
      s = { labels, entries: [] };
      byKey.set(h.key, s);
    }
    s.entries.push({ id: h.id, tsMs: h.tsMs, line: h.line });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}
