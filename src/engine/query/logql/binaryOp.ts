import type { Labels } from '../../world/labels.ts';
import { labelsKey } from '../../world/labels.ts';
import type { BinaryExpr, BinaryOp } from './ast.ts';
import type { StepSeries, StepValue } from './stepValues.ts';
import { makeSeries, QueryEvalError } from './stepValues.ts';

function arith(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '^':
      return a ** b;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    default:
      return Number.NaN;
  }
}

const isComparison = (op: BinaryOp) =>
  op === '==' || op === '!=' || op === '>' || op === '>=' || op === '<' || op === '<=';

/**
 * Applies `op` to a pair of values as Prometheus does: arithmetic gives a number; a comparison filters
 * (keeping `keep`, the vector side's value) unless `bool` asks for 0 or 1. Returns NaN to mean "no sample".
 */
function combine(expr: BinaryExpr, a: number, b: number, keep: number): number {
  const v = arith(expr.op, a, b);
  if (!isComparison(expr.op) || expr.returnBool) return v;
  return v === 1 ? keep : Number.NaN;
}

function signature(labels: Labels, expr: BinaryExpr): string {
  const m = expr.matching;
  if (!m) return labelsKey(labels);
  const picked: Record<string, string> = {};
  const set = new Set(m.labels);
  for (const [k, v] of Object.entries(labels)) if (set.has(k) === m.on) picked[k] = v;
  return labelsKey(picked);
}

function resultLabels(labels: Labels, expr: BinaryExpr): Labels {
  const m = expr.matching;
  if (!m || (isComparison(expr.op) && !expr.returnBool)) return labels;
  const set = new Set(m.labels);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (set.has(k) === m.on) out[k] = v;
  return out;
}

/** Evaluates a binary expression over step values: scalar–scalar, vector–scalar, and vector–vector (one-to-one). */
export function evaluateBinary(
  expr: BinaryExpr,
  left: StepValue,
  right: StepValue,
  stepCount: number,
): StepValue {
  const { op } = expr;
  if (left.kind === 'scalar' && right.kind === 'scalar') {
    const values = new Float64Array(stepCount);
    for (let i = 0; i < stepCount; i++) values[i] = arith(op, left.values[i]!, right.values[i]!);
    return { kind: 'scalar', values };
  }
  if (left.kind === 'scalar' || right.kind === 'scalar') {
    const vec = (left.kind === 'vector' ? left : right) as Extract<StepValue, { kind: 'vector' }>;
    const sc = (left.kind === 'scalar' ? left : right) as Extract<StepValue, { kind: 'scalar' }>;
    const series: StepSeries[] = [];
    for (const s of vec.series) {
      const values = new Float64Array(stepCount).fill(Number.NaN);
      for (let i = 0; i < stepCount; i++) {
        const v = s.values[i]!;
        if (Number.isNaN(v)) continue;
        values[i] =
          left.kind === 'vector' ? combine(expr, v, sc.values[i]!, v) : combine(expr, sc.values[i]!, v, v);
      }
      if (values.some((v) => !Number.isNaN(v))) series.push({ labels: s.labels, key: s.key, values });
    }
    return { kind: 'vector', series };
  }
  return { kind: 'vector', series: vectorVector(expr, left.series, right.series, stepCount) };
}

function vectorVector(
  expr: BinaryExpr,
  left: readonly StepSeries[],
  right: readonly StepSeries[],
  stepCount: number,
): StepSeries[] {
  const rightBySig = new Map<string, StepSeries[]>();
  for (const s of right) {
    const sig = signature(s.labels, expr);
    rightBySig.set(sig, [...(rightBySig.get(sig) ?? []), s]);
  }
  const present = (list: readonly StepSeries[] | undefined, i: number) =>
    list?.filter((s) => !Number.isNaN(s.values[i]!)) ?? [];
  if (expr.op === 'and' || expr.op === 'unless') {
    return left
      .map((s) => {
        const others = rightBySig.get(signature(s.labels, expr));
        const values = s.values.map((v, i) => {
          const matched = present(others, i).length > 0;
          return (expr.op === 'and') === matched ? v : Number.NaN;
        });
        return { labels: s.labels, key: s.key, values };
      })
      .filter((s) => s.values.some((v) => !Number.isNaN(v)));
  }
  if (expr.op === 'or') {
    const leftSigs = left.map((s) => signature(s.labels, expr));
    const extra = right.map((s) => {
      const values = s.values.map((v, i) =>
        left.some((l, j) => leftSigs[j] === signature(s.labels, expr) && !Number.isNaN(l.values[i]!))
          ? Number.NaN
          : v,
      );
      return { labels: s.labels, key: s.key, values };
    });
    return [...left, ...extra].filter((s) => s.values.some((v) => !Number.isNaN(v)));
  }
  const out = new Map<string, StepSeries>();
  for (const s of left) {
    const others = rightBySig.get(signature(s.labels, expr));
    if (!others) continue;
    const labels = resultLabels(s.labels, expr);
    const key = labelsKey(labels);
    const target = out.get(key) ?? makeSeries(labels, new Float64Array(stepCount).fill(Number.NaN));
    for (let i = 0; i < stepCount; i++) {
      const a = s.values[i]!;
      if (Number.isNaN(a)) continue;
      const match = present(others, i);
      if (match.length === 0) continue;
      if (match.length > 1 || !Number.isNaN(target.values[i]!))
        throw new QueryEvalError(
          `found duplicate series for the match group ${signature(s.labels, expr)} on the ${match.length > 1 ? 'right' : 'left'} hand-side of the operation: many-to-one matching is not supported, use on (…) or an aggregation`,
          expr.from,
          expr.to,
        );
      target.values[i] = combine(expr, a, match[0]!.values[i]!, a);
    }
    out.set(key, target);
  }
  return [...out.values()].filter((s) => s.values.some((v) => !Number.isNaN(v)));
}
