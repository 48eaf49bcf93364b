import type { MetricStore } from '../../world/metricStore.ts';
import { isBudgetExpired } from '../budget.ts';
import type { MatrixSeries, QueryResult, QueryValue, Sample, VectorElement } from '../types.ts';
import { errorAt } from '../types.ts';
import type { Expr } from './ast.ts';
import type { EvalContext, StepValue } from './evalTypes.ts';
import { compareLabels, QueryEvalError } from './evalTypes.ts';
import { evaluate } from './evaluator.ts';
import { executionErrors } from './prometheusJson.ts';
import { matrixInput, subqueryInput } from './selectors.ts';
import { typeOf } from './typeCheck.ts';

export type { Expr } from './ast.ts';
export type { ParseResult } from './parser.ts';
export { MAX_QUERY_LENGTH, parsePromQL } from './parser.ts';
export type { PrometheusResponse } from './prometheusJson.ts';
export { toPrometheusJSON, toPrometheusResponse } from './prometheusJson.ts';

/**
 * Evaluation options. `compat` picks the Prometheus generation whose edge rules apply: Prometheus 3
 * (the default) excludes a sample exactly at a window's start and at the lookback limit; Prometheus 2
 * includes it and clamps `rate`'s extrapolation to the counter's zero point before the threshold test.
 */
export interface PromQLOptions {
  /** How far back an instant selector looks for a sample (default 5 minutes). */
  readonly lookbackDeltaMs?: number;
  readonly compat?: 'prometheus2' | 'prometheus3';
  /** Step of subqueries written without one, like Prometheus' global evaluation interval (default 1m). */
  readonly defaultSubqueryStepMs?: number;
}

/** Prometheus' limit on points per series in a range query. */
const MAX_POINTS = 11_000;

function context(
  store: MetricStore,
  times: Float64Array,
  start: number,
  end: number,
  opts: PromQLOptions,
): EvalContext {
  const v3 = opts.compat !== 'prometheus2';
  return {
    store,
    times,
    queryStartMs: start,
    queryEndMs: end,
    lookbackMs: opts.lookbackDeltaMs ?? 300_000,
    leftOpen: v3,
    v3Extrapolation: v3,
    defaultSubqueryStepMs: opts.defaultSubqueryStepMs ?? 60_000,
    budget: { points: 0 },
  };
}

/** Runs `body`, turning evaluation errors (and anything unexpected) into a positioned error result. */
function guarded(text: string, body: () => QueryResult): QueryResult {
  try {
    return body();
  } catch (e) {
    // A budget's stop is the caller's to answer (see underBudget), not a fault of the query.
    if (isBudgetExpired(e)) throw e;
    const d =
      e instanceof QueryEvalError
        ? errorAt(text, Math.min(e.from, text.length), Math.min(e.to, text.length), e.message)
        : errorAt(text, 0, text.length, `query failed: ${e instanceof Error ? e.message : String(e)}`);
    executionErrors.add(d);
    return { ok: false, errors: [d] };
  }
}

function parseOrFail(text: string): Expr | QueryResult {
  const parsed = parsePromQLInternal(text);
  if (!parsed.ast) return { ok: false, errors: parsed.diagnostics };
  return parsed.ast;
}

import { parsePromQL as parsePromQLInternal } from './parser.ts';

function isResult(x: Expr | QueryResult): x is QueryResult {
  return 'ok' in x;
}

/** Raw samples in each series' window, for an instant query whose result is a range vector. */
function instantMatrix(ctx: EvalContext, e: Expr): MatrixSeries[] {
  while (e.kind === 'paren') e = e.expr;
  const input =
    e.kind === 'matrixSelector'
      ? matrixInput(ctx, e)
      : e.kind === 'subquery'
        ? subqueryInput(ctx, e, (c) => evaluate(c, e.expr))
        : undefined;
  if (!input) return [];
  const t = ctx.times[0]!;
  const end = (input.atMs ?? t) - input.offsetMs;
  const start = end - input.rangeMs;
  const out: MatrixSeries[] = [];
  for (const s of input.series) {
    const samples: Sample[] = [];
    for (let j = 0; j < s.ts.length; j++) {
      const ts = s.ts[j]!;
      if (ts > end) break;
      if (ctx.leftOpen ? ts > start : ts >= start) samples.push({ t: ts, v: s.values[j]! });
    }
    if (samples.length > 0) out.push({ labels: s.labels, samples });
  }
  return out;
}

/**
 * Evaluates a PromQL query at one time (ms since the epoch), as Prometheus' `/api/v1/query`.
 * Never throws: syntax, type and evaluation errors come back as positioned diagnostics.
 *
 * @example instantQuery(store, 'sum by (service) (rate(http_requests_total[5m]))', Date.UTC(2026, 9, 25, 1))
 */
export function instantQuery(
  store: MetricStore,
  text: string,
  timeMs: number,
  opts: PromQLOptions = {},
): QueryResult {
  const ast = parseOrFail(text);
  if (isResult(ast)) return ast;
  if (!Number.isFinite(timeMs))
    return { ok: false, errors: [errorAt(text, 0, text.length, 'invalid evaluation time')] };
  return guarded(text, () => {
    const ctx = context(store, Float64Array.of(timeMs), timeMs, timeMs, opts);
    if (typeOf(ast) === 'matrix') {
      return { ok: true, value: { resultType: 'matrix', result: instantMatrix(ctx, ast) }, warnings: [] };
    }
    return { ok: true, value: instantValue(evaluate(ctx, ast), timeMs), warnings: [] };
  });
}

function instantValue(v: StepValue, t: number): QueryValue {
  if (v.type === 'scalar') return { resultType: 'scalar', result: { t, v: v.values[0]! } };
  if (v.type === 'string') return { resultType: 'string', result: { t, v: v.value } };
  const result: VectorElement[] = [];
  for (const s of v.series) if (s.present[0]) result.push({ labels: s.labels, t, v: s.values[0]! });
  return { resultType: 'vector', result };
}

/**
 * Evaluates a PromQL query at every step from `startMs` to `endMs`, as Prometheus' `/api/v1/query_range`;
 * the result is a matrix sorted by labels. All steps of a node are evaluated together, so label work
 * happens once per series, not once per step.
 */
export function rangeQuery(
  store: MetricStore,
  text: string,
  startMs: number,
  endMs: number,
  stepMs: number,
  opts: PromQLOptions = {},
): QueryResult {
  const ast = parseOrFail(text);
  if (isResult(ast)) return ast;
  const whole = (message: string): QueryResult => ({
    ok: false,
    errors: [errorAt(text, 0, text.length, message)],
  });
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return whole('invalid start or end time');
  if (endMs < startMs) return whole('end timestamp must not be before start time');
  if (!(stepMs > 0)) {
    return whole('zero or negative query resolution step widths are not accepted. Try a positive integer');
  }
  if ((endMs - startMs) / stepMs > MAX_POINTS) {
    return whole(
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
  }
  const type = typeOf(ast);
  if (type !== 'scalar' && type !== 'vector') {
    return whole(
      `invalid expression type "${type === 'matrix' ? 'range vector' : type}" for range query, must be Scalar or instant Vector`,
    );
  }
  return guarded(text, () => {
    const n = Math.floor((endMs - startMs) / stepMs) + 1;
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = startMs + i * stepMs;
    const v = evaluate(context(store, times, startMs, endMs, opts), ast);
    const result: MatrixSeries[] = [];
    const series =
      v.type === 'vector'
        ? v.series
        : v.type === 'scalar'
          ? [{ labels: {}, values: v.values, present: new Uint8Array(n).fill(1) }]
          : [];
    for (const s of series) {
      const samples: Sample[] = [];
      for (let i = 0; i < n; i++) if (s.present[i]) samples.push({ t: times[i]!, v: s.values[i]! });
      if (samples.length > 0) result.push({ labels: s.labels, samples });
    }
    result.sort((a, b) => compareLabels(a.labels, b.labels));
    return { ok: true, value: { resultType: 'matrix', result }, warnings: [] };
  });
}
