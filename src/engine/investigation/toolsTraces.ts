import type { Diagnostic } from '../query/types.ts';
import { errorAt } from '../query/types.ts';
import { parseDuration } from '../scenario/units.ts';
import type { Span, SpanKind, SpanStatus, TraceStore } from '../world/traceStore.ts';
import type { SpanEvidence, TraceEvidence } from './evidence.ts';
import { refs } from './evidence.ts';

/** Most traces a search lists, as Tempo's search does by default. */
export const DEFAULT_TRACE_LIMIT = 20;

/**
 * A trace search in the words of Tempo's tag search: space-separated `key=value` pairs (values with spaces
 * in double quotes). `service`, `name`, `status` match one span; `minDuration`/`maxDuration` the whole
 * trace; any other key an attribute of the same span, e.g. `service=cart status=error http.route=/price`.
 * A query of only a trace id (16 or 32 hex digits, or `trace:<id>`) opens that trace.
 */
export interface TraceQuery {
  readonly traceId?: string;
  readonly service?: string;
  readonly name?: string;
  readonly status?: SpanStatus;
  readonly minDurationMs?: number;
  readonly maxDurationMs?: number;
  readonly attributes: Readonly<Record<string, string>>;
}

const PAIR = /\s*([A-Za-z_][\w.]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)\s*/y;
const TRACE_ID = /^\s*(?:trace:)?([0-9a-f]{16}|[0-9a-f]{32})\s*$/i;

/** Parses a trace search; every mistake is a positioned diagnostic. */
export function parseTraceQuery(text: string): { query?: TraceQuery; errors: Diagnostic[] } {
  const id = TRACE_ID.exec(text);
  if (id) return { query: { traceId: id[1]!.toLowerCase(), attributes: {} }, errors: [] };
  const out: { -readonly [K in keyof TraceQuery]: TraceQuery[K] } = { attributes: {} };
  const attributes: Record<string, string> = {};
  const errors: Diagnostic[] = [];
  let pos = 0;
  while (pos < text.length && text.slice(pos).trim() !== '') {
    PAIR.lastIndex = pos;
    const m = PAIR.exec(text);
    if (!m) {
      const end = text.indexOf(' ', pos + 1);
      const to = end < 0 ? text.length : end;
      errors.push(errorAt(text, pos, to, 'expected key=value, e.g. service=cart or status=error'));
      break;
    }
    const [, key, raw] = m as unknown as [string, string, string];
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    const at = pos + m[0].indexOf(key);
    if (key === 'service' || key === 'service.name') out.service = value;
    else if (key === 'name' || key === 'operation') out.name = value;
    else if (key === 'status') {
      if (value !== 'ok' && value !== 'error' && value !== 'unset')
        errors.push(errorAt(text, at, at + m[0].trim().length, 'status is ok, error or unset'));
      else out.status = value;
    } else if (key === 'minDuration' || key === 'maxDuration') {
      const ms = parseDuration(value);
      if (ms === undefined)
        errors.push(
          errorAt(text, at, at + m[0].trim().length, `${key} takes a duration such as 500ms or 2s`),
        );
      else if (key === 'minDuration') out.minDurationMs = ms;
      else out.maxDurationMs = ms;
    } else attributes[key] = value;
    pos = PAIR.lastIndex;
  }
  out.attributes = attributes;
  return errors.length ? { errors } : { query: out, errors };
}

function spanMatches(store: TraceStore, row: number, q: TraceQuery): boolean {
  if (q.service !== undefined && store.serviceOf(row) !== q.service) return false;
  if (q.name !== undefined && store.nameOf(row) !== q.name) return false;
  if (q.status !== undefined && store.statusOf(row) !== q.status) return false;
  const attributes = store.attributesOf(row);
  for (const [k, v] of Object.entries(q.attributes)) if (String(attributes[k] ?? '') !== v) return false;
  return true;
}

/** A whole trace as evidence: its root, the services it passed through, and whether any span failed. */
export function traceEvidence(spans: readonly Span[]): TraceEvidence {
  const root = spans.find((s) => s.parentSpanId === '') ?? spans[0]!;
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  return {
    kind: 'trace',
    ref: refs.trace(root.traceId),
    traceId: root.traceId,
    rootService: root.service,
    rootOperation: root.name,
    services: [...new Set(spans.map((s) => s.service))],
    error: spans.some((s) => s.status === 'error'),
    startMs,
    durationMs: endMs - startMs,
  };
}

/** One span as evidence. */
export function spanEvidence(s: Span): SpanEvidence {
  return {
    kind: 'span',
    ref: refs.span(s.traceId, s.spanId),
    traceId: s.traceId,
    spanId: s.spanId,
    service: s.service,
    operation: s.name,
    status: s.status,
    startMs: s.startMs,
    durationMs: s.durationMs,
  };
}

/** What a waterfall needs of a span beyond its evidence: its parent, kind and attributes. */
export interface SpanDetail {
  readonly parentSpanId: string;
  readonly kind: SpanKind;
  readonly attributes: Readonly<Record<string, string | number>>;
}

/**
 * Traces that match, newest first, that started and ended within the range: a trace still in flight at the
 * incident clock's "now" has not been exported yet. Returns how many matched and the first `limit`.
 */
export function searchTraces(
  store: TraceStore,
  q: TraceQuery,
  startMs: number,
  endMs: number,
  limit = DEFAULT_TRACE_LIMIT,
): { matched: number; traces: TraceEvidence[] } {
  // Spans are read in place, row by row: a search over a busy service touches most of its spans, and
  // building each one (its ids spelt out, its attributes copied) cost more than the search itself.
  const rows = q.service !== undefined ? store.spansOf(q.service) : undefined;
  const candidates = new Set<string>();
  if (rows) {
    for (const row of rows) {
      const start = store.startMsOf(row);
      if (start >= startMs && start < endMs && spanMatches(store, row, q))
        candidates.add(store.traceIdOf(row));
    }
  } else {
    for (const id of store.traceIds) candidates.add(id);
  }
  const found: { traceId: string; startMs: number; rows: readonly number[] }[] = [];
  for (const id of candidates) {
    const spans = store.traceRows(id);
    if (spans.length === 0) continue;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const row of spans) {
      first = Math.min(first, store.startMsOf(row));
      last = Math.max(last, store.endMsOf(row));
    }
    if (first < startMs || last > endMs) continue;
    const durationMs = last - first;
    if (q.minDurationMs !== undefined && durationMs < q.minDurationMs) continue;
    if (q.maxDurationMs !== undefined && durationMs > q.maxDurationMs) continue;
    if (!rows && !spans.some((row) => spanMatches(store, row, q))) continue;
    found.push({ traceId: id, startMs: first, rows: spans });
  }
  found.sort((a, b) => b.startMs - a.startMs || (a.traceId < b.traceId ? -1 : 1));
  return {
    matched: found.length,
    traces: found.slice(0, limit).map((t) => traceEvidence(t.rows.map((row) => store.span(row)))),
  };
}

/** The spans of one trace within the range, parents first; empty when it is unknown or not yet finished. */
export function traceById(store: TraceStore, traceId: string, startMs: number, endMs: number): Span[] {
  const spans = store.trace(traceId);
  if (spans.length === 0) return [];
  const t = traceEvidence(spans);
  return t.startMs < startMs || t.startMs + t.durationMs > endMs ? [] : spans;
}
