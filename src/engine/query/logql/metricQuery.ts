import { labelsKey } from '../../world/labels.ts';
import type { LogStore } from '../../world/logStore.ts';
import type { MatrixSeries, QueryValue, Sample, VectorElement } from '../types.ts';
import type { LabelReplaceExpr, MetricExpr } from './ast.ts';
import { evaluateBinary } from './binaryOp.ts';
import { ERROR_DETAILS_LABEL, ERROR_LABEL } from './pipelineLabels.ts';
import { evaluateRange } from './rangeAggregation.ts';
import type { LogQLStats } from './stats.ts';
import type { StepSeries, StepValue } from './stepValues.ts';
import { makeSeries, QueryEvalError } from './stepValues.ts';
import { evaluateVectorAggregation } from './vectorAggregation.ts';

/** Prometheus' limit on points per series in a range query, kept so a tiny step cannot freeze the page. */
export const MAX_POINTS_PER_SERIES = 11_000;

/** The step times of a range query: `start, start + step, …` up to and including `end`. */
export function stepTimes(startMs: number, endMs: number, stepMs: number): Float64Array | string {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return 'start and end must be finite times';
  if (endMs < startMs) return 'end timestamp must not be before start time';
  if (!(stepMs > 0))
    return 'zero or negative query resolution step widths are not accepted. Try a positive integer';
  const count = Math.floor((endMs - startMs) / stepMs) + 1;
  if (count > MAX_POINTS_PER_SERIES)
    return `exceeded maximum resolution of ${MAX_POINTS_PER_SERIES} points per timeseries. Try decreasing the query resolution (?step=XX)`;
  const steps = new Float64Array(count);
  for (let i = 0; i < count; i++) steps[i] = startMs + i * stepMs;
  return steps;
}

function labelReplace(expr: LabelReplaceExpr, series: readonly StepSeries[]): StepSeries[] {
  return series.map((s) => {
    const m = expr.regex.exec(s.labels[expr.src] ?? '');
    if (!m) return s;
    const value = expr.replacement.replace(
      /\$(?:\{(\w+)\}|(\w+))/g,
      (_all, braced?: string, bare?: string) => {
        const ref = braced ?? bare ?? '';
        const v = /^\d+$/.test(ref) ? m[Number(ref)] : m.groups?.[ref];
        return v ?? '';
      },
    );
    const labels: Record<string, string> = { ...s.labels };
    if (value === '') delete labels[expr.dst];
    else labels[expr.dst] = value;
    return makeSeries(labels, s.values);
  });
}

/** Evaluates a metric expression at every step. Throws {@link QueryEvalError} for errors found while evaluating. */
export function evaluateMetric(
  store: LogStore,
  expr: MetricExpr,
  steps: Float64Array,
  stats: LogQLStats,
): StepValue {
  switch (expr.kind) {
    case 'literal':
      return { kind: 'scalar', values: new Float64Array(steps.length).fill(expr.value) };
    case 'vector':
      return { kind: 'vector', series: [makeSeries({}, new Float64Array(steps.length).fill(expr.value))] };
    case 'range':
      return { kind: 'vector', series: evaluateRange(store, expr, steps, stats) };
    case 'vectorAgg': {
      const inner = evaluateMetric(store, expr.expr, steps, stats);
      if (inner.kind === 'scalar')
        throw new QueryEvalError(`${expr.op} needs a metric query, not a number`, expr.from, expr.to);
      return { kind: 'vector', series: evaluateVectorAggregation(expr, inner.series, steps.length) };
    }
    case 'binary': {
      const left = evaluateMetric(store, expr.left, steps, stats);
      const right = evaluateMetric(store, expr.right, steps, stats);
      return evaluateBinary(expr, left, right, steps.length);
    }
    case 'labelReplace': {
      const inner = evaluateMetric(store, expr.expr, steps, stats);
      if (inner.kind === 'scalar') return inner;
      return { kind: 'vector', series: labelReplace(expr, inner.series) };
    }
  }
}

/**
 * Loki refuses a metric result whose series still carry `__error__`: the numbers would silently include
 * lines a parser could not read. Aggregating the label away (`sum(…)`) is accepted, as in Loki.
 */
export function checkPipelineErrors(value: StepValue, from: number, to: number): void {
  if (value.kind === 'scalar') return;
  for (const s of value.series) {
    const err = s.labels[ERROR_LABEL];
    if (err === undefined) continue;
    const shown: Record<string, string> = { ...s.labels };
    delete shown[ERROR_DETAILS_LABEL];
    throw new QueryEvalError(
      `pipeline error: '${err}' for series: '${labelsKey(shown)}'. ` +
        `Use a label filter to intentionally skip this error (e.g | __error__!="${err}"). ` +
        'To skip all potential errors you can match empty errors (e.g | __error__="")',
      from,
      to,
    );
  }
}

function sortOrder(expr: MetricExpr): 'labels' | 'asc' | 'desc' {
  if (expr.kind === 'vectorAgg' && expr.op === 'sort') return 'asc';
  if (expr.kind === 'vectorAgg' && expr.op === 'sort_desc') return 'desc';
  return 'labels';
}

/** Shapes one-step values as an instant query's answer: a vector, or a scalar for a plain number. */
export function toInstantValue(expr: MetricExpr, value: StepValue, timeMs: number): QueryValue {
  if (value.kind === 'scalar') return { resultType: 'scalar', result: { t: timeMs, v: value.values[0]! } };
  const result: VectorElement[] = [];
  for (const s of value.series) {
    const v = s.values[0]!;
    if (!Number.isNaN(v)) result.push({ labels: s.labels, t: timeMs, v });
  }
  const order = sortOrder(expr);
  if (order === 'labels') result.sort((a, b) => compareKeys(labelsKey(a.labels), labelsKey(b.labels)));
  else result.sort((a, b) => (order === 'asc' ? a.v - b.v : b.v - a.v));
  return { resultType: 'vector', result };
}

/** Shapes step values as a range query's answer: a matrix, series sorted by labels. */
export function toRangeValue(value: StepValue, steps: Float64Array): QueryValue {
  const series = value.kind === 'scalar' ? [makeSeries({}, value.values)] : [...value.series];
  const result: MatrixSeries[] = [];
  for (const s of series.sort((a, b) => compareKeys(a.key, b.key))) {
    const samples: Sample[] = [];
    for (let i = 0; i < steps.length; i++)
      if (!Number.isNaN(s.values[i]!)) samples.push({ t: steps[i]!, v: s.values[i]! });
    if (samples.length > 0) result.push({ labels: s.labels, samples });
  }
  return { resultType: 'matrix', result };
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
