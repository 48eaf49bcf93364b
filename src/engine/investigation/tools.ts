import type { GappedTool } from '../query/gapNotices.ts';
import { gapNotices } from '../query/gapNotices.ts';
import { evaluateLogQL } from '../query/logql/index.ts';
import { rangeQuery } from '../query/promql/index.ts';
import type { Diagnostic, MatrixSeries, QueryResult, Sample } from '../query/types.ts';
import { errorAt } from '../query/types.ts';
import { parseTimestamp } from '../scenario/units.ts';
import { labelsKey } from '../world/labels.ts';
import type { MetricStore } from '../world/metricStore.ts';
import type { World } from '../world/world.ts';
import type { QueryAction, QueryScope, Tool } from './actions.ts';
import type { Evidence, SeriesEvidence } from './evidence.ts';
import { refs } from './evidence.ts';
import { runCodeQuery } from './toolsCode.ts';
import type { SpanDetail } from './toolsTraces.ts';
import { parseTraceQuery, searchTraces, spanEvidence, traceById, traceEvidence } from './toolsTraces.ts';

/** A time range; both ends default to the world's window (the end usually to the incident clock's "now"). */
interface Range {
  readonly startMs?: number;
  readonly endMs?: number;
}

/**
 * What a panel, a bot or the CLI asks a tool. The query is in the tool's own language: LogQL for logs,
 * PromQL for metrics, a text filter for changes; the inbox takes none.
 */
export type ToolRequest =
  | ({ readonly tool: 'logs'; readonly query: string; readonly limit?: number } & Range)
  | ({ readonly tool: 'metrics'; readonly query: string; readonly stepMs?: number } & Range)
  | ({ readonly tool: 'changes'; readonly query?: string; readonly service?: string } & Range)
  | ({ readonly tool: 'inbox' } & Range)
  | ({ readonly tool: 'traces'; readonly query: string; readonly limit?: number } & Range)
  | ({ readonly tool: 'code'; readonly query: string } & Range);

/**
 * One thing a tool showed: its evidence record (pinnable as is), for series the points to draw, for the
 * spans of an opened trace what the waterfall draws.
 */
export interface ToolItem {
  readonly evidence: Evidence;
  readonly samples?: readonly Sample[];
  readonly span?: SpanDetail;
}

/** A tool's answer: the items shown (with how many matched in all), or positioned errors. Never thrown. */
export type ToolResult =
  | {
      readonly ok: true;
      readonly tool: Tool;
      readonly query: string;
      readonly scope: QueryScope;
      readonly matched: number;
      readonly items: readonly ToolItem[];
      /**
       * What the answer may be missing because a tool depends on a component that was failing: "no data
       * from 02:10 to 02:25 UTC", "log lines from 02:20 UTC on are still arriving". Absent when nothing is.
       */
      readonly notices?: readonly string[];
    }
  | {
      readonly ok: false;
      readonly tool: Tool;
      readonly query: string;
      readonly errors: readonly Diagnostic[];
      /** Set when the query did not fail but was stopped: cancelled, or over its time budget. */
      readonly stopped?: 'cancelled' | 'timeout';
    };

/** Most log lines a query shows, as Grafana's Explore does by default. */
export const DEFAULT_LOG_LIMIT = 500;

/** The stores colleagues' tools add to a world; absent until a scenario's world carries them. */
type WorldWithStores = World & { readonly metrics?: MetricStore };

function rangeOf(world: World, r: Range): { startMs: number; endMs: number } {
  return {
    startMs: Math.max(r.startMs ?? world.startMs, world.startMs),
    endMs: Math.min(r.endMs ?? world.endMs, world.endMs),
  };
}

/** The notices of {@link gapNotices}, as a field to spread into an answer when there are any. */
function noticesOf(world: World, tool: GappedTool, startMs: number, endMs: number) {
  const notices = gapNotices(world.gaps, tool, startMs, endMs);
  return notices.length > 0 ? { notices } : {};
}

function failed(tool: Tool, query: string, result: QueryResult): ToolResult {
  return { ok: false, tool, query, errors: result.ok ? [] : result.errors };
}

function seriesItem(query: string, s: MatrixSeries, startMs: number, endMs: number): ToolItem {
  const values = s.samples.map((p) => p.v);
  const evidence: SeriesEvidence = {
    kind: 'series',
    ref: refs.series(labelsKey(s.labels), startMs, endMs),
    query,
    labels: { ...s.labels },
    startMs,
    endMs,
    min: values.length ? Math.min(...values) : 0,
    max: values.length ? Math.max(...values) : 0,
    first: values[0] ?? 0,
    last: values[values.length - 1] ?? 0,
  };
  return { evidence, samples: s.samples };
}

function matrixItems(query: string, result: QueryResult, startMs: number, endMs: number): ToolItem[] {
  if (!result.ok || result.value.resultType !== 'matrix') return [];
  return result.value.result.map((s) => seriesItem(query, s, startMs, endMs));
}

function runLogs(world: World, req: Extract<ToolRequest, { tool: 'logs' }>): ToolResult {
  const { startMs, endMs } = rangeOf(world, req);
  const limit = req.limit ?? DEFAULT_LOG_LIMIT;
  const result = evaluateLogQL(world.logs, req.query, { startMs, endMs, limit });
  if (!result.ok) return failed('logs', req.query, result);
  const scope = { startMs, endMs };
  const notices = noticesOf(world, 'logs', startMs, endMs);
  if (result.value.resultType !== 'streams') {
    const items = matrixItems(req.query, result, startMs, endMs);
    return { ok: true, tool: 'logs', query: req.query, scope, matched: items.length, items, ...notices };
  }
  const items: ToolItem[] = result.value.result
    .flatMap((stream) => stream.entries)
    .sort((a, b) => b.id - a.id)
    .slice(0, limit)
    .map((e) => ({
      evidence: {
        kind: 'log',
        ref: refs.log(e.id),
        id: e.id,
        service: world.logs.streamOf(e.id).labels.service ?? '',
        tsMs: e.tsMs,
        line: e.line,
      },
    }));
  // Loki stops at the limit, so `matched` equals the lines shown and reaches the limit when there are more.
  return { ok: true, tool: 'logs', query: req.query, scope, matched: items.length, items, ...notices };
}

function runMetrics(world: WorldWithStores, req: Extract<ToolRequest, { tool: 'metrics' }>): ToolResult {
  if (!world.metrics) {
    return {
      ok: false,
      tool: 'metrics',
      query: req.query,
      errors: [errorAt(req.query, 0, req.query.length, 'this scenario records no metrics')],
    };
  }
  const { startMs, endMs } = rangeOf(world, req);
  const stepMs = req.stepMs ?? defaultStep(endMs - startMs);
  const result = rangeQuery(world.metrics, req.query, startMs, endMs, stepMs);
  if (!result.ok) return failed('metrics', req.query, result);
  const items = matrixItems(req.query, result, startMs, endMs);
  return {
    ok: true,
    tool: 'metrics',
    query: req.query,
    scope: { startMs, endMs },
    matched: items.length,
    items,
    ...noticesOf(world, 'metrics', startMs, endMs),
  };
}

/** Steps a range of days is drawn at, as Grafana rounds its interval: whole minutes a chart's width can hold. */
const DAY_STEPS_MS = [60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

/**
 * The step of a metrics query that names none: about 250 points for a range of hours (15 s multiples);
 * over more than a day, the roundest step giving at most 1,000 points, so a chart of three days still
 * shows five-minute detail and its points fall on round times.
 */
export function defaultStep(rangeMs: number): number {
  if (rangeMs <= 86_400_000) return Math.max(15_000, Math.ceil(rangeMs / 250 / 15_000) * 15_000);
  return (
    DAY_STEPS_MS.find((step) => rangeMs / step <= 1_000) ?? Math.ceil(rangeMs / 1_000 / 3_600_000) * 3_600_000
  );
}

const byTime = (a: { at: string }, b: { at: string }) =>
  (parseTimestamp(a.at) ?? 0) - (parseTimestamp(b.at) ?? 0);

function runChanges(world: World, req: Extract<ToolRequest, { tool: 'changes' }>): ToolResult {
  const { startMs, endMs } = rangeOf(world, { endMs: req.endMs });
  const from = req.startMs ?? Number.NEGATIVE_INFINITY;
  const text = (req.query ?? '').toLowerCase();
  const items: ToolItem[] = [];
  // Changes made before the incident window matter most (a deploy weeks ago), so only the end is clamped.
  for (const ev of [...world.scenario.timeline, ...(world.changes ?? [])].sort(byTime)) {
    const atMs = parseTimestamp(ev.at) ?? 0;
    if (atMs < from || atMs >= endMs) continue;
    if (req.service && ev.service !== req.service) continue;
    // What the change did (a config key and its value, a version, a commit) is searched with what it says.
    const moved = ev.kind === 'failover' ? ` ${ev.region ?? ''} ${ev.to ?? ''}` : '';
    const what = `${ev.key ?? ''} ${ev.value ?? ''} ${ev.version ?? ''} ${ev.commit ?? ''}${moved}`;
    // A change automation made (a failover controller's) says so: a person did not decide it.
    const description = ev.automated ? `${ev.description} (automated)` : ev.description;
    const haystack = `${ev.id} ${ev.kind} ${ev.service ?? ''} ${description} ${what}`.toLowerCase();
    if (text && !haystack.includes(text)) continue;
    items.push({
      evidence: {
        kind: 'change',
        ref: refs.change(ev.id),
        eventId: ev.id,
        atMs,
        changeKind: ev.kind,
        ...(ev.service ? { service: ev.service } : {}),
        description,
      },
    });
  }
  items.reverse();
  // An unbounded start is left out: JSON has no -Infinity, and a saved scope must read back as written.
  const scope = {
    ...(req.service ? { service: req.service } : {}),
    ...(Number.isFinite(from) ? { startMs: Math.min(from, startMs) } : {}),
    endMs,
  };
  return { ok: true, tool: 'changes', query: req.query ?? '', scope, matched: items.length, items };
}

function runTraces(world: World, req: Extract<ToolRequest, { tool: 'traces' }>): ToolResult {
  const { startMs, endMs } = rangeOf(world, req);
  const parsed = parseTraceQuery(req.query);
  if (!parsed.query) return { ok: false, tool: 'traces', query: req.query, errors: parsed.errors };
  const q = parsed.query;
  const scope = { startMs, endMs, ...(q.service ? { service: q.service } : {}) };
  if (q.traceId !== undefined) {
    const spans = traceById(world.traces, q.traceId, startMs, endMs);
    if (spans.length === 0) {
      const at = req.query.indexOf(q.traceId.slice(0, 4));
      const message = `no trace ${q.traceId} finished in this range (traces are sampled: about 1 in 10, and every one with an error)`;
      return {
        ok: false,
        tool: 'traces',
        query: req.query,
        errors: [errorAt(req.query, Math.max(0, at), req.query.length, message)],
      };
    }
    // The trace first, then each span: both are pinnable from the waterfall.
    const items: ToolItem[] = [
      { evidence: traceEvidence(spans) },
      ...spans.map((s) => ({
        evidence: spanEvidence(s),
        span: { parentSpanId: s.parentSpanId, kind: s.kind, attributes: s.attributes },
      })),
    ];
    return { ok: true, tool: 'traces', query: req.query, scope, matched: 1, items };
  }
  const { matched, traces } = searchTraces(world.traces, q, startMs, endMs, req.limit);
  const items = traces.map((evidence) => ({ evidence }));
  const notices = noticesOf(world, 'traces', startMs, endMs);
  return { ok: true, tool: 'traces', query: req.query, scope, matched, items, ...notices };
}

function runCode(world: World, req: Extract<ToolRequest, { tool: 'code' }>): ToolResult {
  if (!world.code) {
    const message = 'this scenario has no code to search';
    return {
      ok: false,
      tool: 'code',
      query: req.query,
      errors: [errorAt(req.query, 0, req.query.length, message)],
    };
  }
  // The history before the incident matters most (a commit weeks ago), so only the end is clamped.
  const { endMs } = rangeOf(world, { endMs: req.endMs });
  const answer = runCodeQuery(world.code, req.query, endMs);
  if (!answer.ok) return { ok: false, tool: 'code', query: req.query, errors: answer.errors };
  const items = answer.items.map((evidence) => ({ evidence }));
  return { ok: true, tool: 'code', query: req.query, scope: { endMs }, matched: answer.matched, items };
}

/** The alert name of a page titled like Alertmanager's `[FIRING] CheckoutErrorRate: …`. */
export function alertName(title: string): string {
  const m = /^\s*(?:\[[A-Z]+(?::\d+)?\]\s*)?([A-Za-z][\w-]*)/.exec(title);
  return m?.[1] ?? 'Page';
}

function runInbox(world: World, req: Extract<ToolRequest, { tool: 'inbox' }>): ToolResult {
  const { endMs } = rangeOf(world, req);
  const { page, tickets } = world.scenario.briefing;
  const items: ToolItem[] = [];
  const pageAt = parseTimestamp(page.at) ?? world.startMs;
  const name = alertName(page.title);
  items.push({
    evidence: { kind: 'alert', ref: refs.alert(name, pageAt), name, startMs: pageAt, title: page.title },
  });
  for (const t of tickets) {
    const atMs = parseTimestamp(t.at) ?? 0;
    // The page's own tickets were there when the trainee was paged, whatever the clock says.
    if (atMs > Math.max(endMs, pageAt)) continue;
    items.push({
      evidence: { kind: 'ticket', ref: refs.ticket(t.id), ticketId: t.id, atMs, subject: t.subject },
    });
  }
  return { ok: true, tool: 'inbox', query: '', scope: { endMs }, matched: items.length, items };
}

/**
 * Runs one tool over a world: the single entry point the worker, the bots and the CLI share, so what a
 * person sees and what a bot sees are the same items with the same refs.
 *
 * @example runTool(world, { tool: 'logs', query: '{service="cart"} |= "TypeError"', endMs: nowMs })
 */
export function runTool(world: World, request: ToolRequest): ToolResult {
  switch (request.tool) {
    case 'logs':
      return runLogs(world, request);
    case 'metrics':
      return runMetrics(world, request);
    case 'changes':
      return runChanges(world, request);
    case 'inbox':
      return runInbox(world, request);
    case 'traces':
      return runTraces(world, request);
    case 'code':
      return runCode(world, request);
  }
}

/** The action that records a tool use; a failed query is recorded too (it matched nothing). */
export function queryAction(request: ToolRequest, result: ToolResult, at: number): QueryAction {
  const service = 'service' in request ? request.service : undefined;
  const scope: QueryScope = result.ok
    ? { ...result.scope, ...(service ? { service } : {}) }
    : {
        ...(service ? { service } : {}),
        ...(request.startMs !== undefined ? { startMs: request.startMs } : {}),
        ...(request.endMs !== undefined ? { endMs: request.endMs } : {}),
      };
  return {
    type: 'query',
    at,
    tool: request.tool,
    query: result.query,
    scope,
    matched: result.ok ? result.matched : 0,
    shownIds: result.ok ? result.items.map((i) => i.evidence.ref) : [],
  };
}
