import type { Labels } from '../../world/labels.ts';
import { labelsKey } from '../../world/labels.ts';
import type { AggregateNode } from './ast.ts';
import type { StepSeries } from './evalTypes.ts';
import { dropLabels, keepLabels, newStepSeries, QueryEvalError } from './evalTypes.ts';
import { formatFloatF } from './literals.ts';
import { quantile } from './quantile.ts';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Series grouped by the aggregation's `by`/`without` labels; keys are computed once per series. */
interface Grouping {
  readonly labels: Labels[];
  readonly groupOf: Int32Array;
}

function groupSeries(node: AggregateNode, series: readonly StepSeries[]): Grouping {
  const byKey = new Map<string, number>();
  const labels: Labels[] = [];
  const groupOf = new Int32Array(series.length);
  const names = [...node.grouping].sort();
  for (let s = 0; s < series.length; s++) {
    const l = series[s]!.labels;
    let key: string;
    if (node.without) {
      key = labelsKey(dropLabels(l, [...names, '__name__']));
    } else {
      key = '';
      for (const name of names) key += `${l[name] ?? ''}\xff`;
    }
    let g = byKey.get(key);
    if (g === undefined) {
      g = labels.length;
      byKey.set(key, g);
      labels.push(node.without ? dropLabels(l, [...names, '__name__']) : keepLabels(l, names));
    }
    groupOf[s] = g;
  }
  return { labels, groupOf };
}

/**
 * Evaluates an aggregation at every step. Simple aggregations accumulate per group into one array
 * per step; `topk`, `quantile` and `count_values` gather each group's members per step.
 */
export function aggregate(
  node: AggregateNode,
  series: readonly StepSeries[],
  n: number,
  param: Float64Array | string | undefined,
): StepSeries[] {
  const { labels, groupOf } = groupSeries(node, series);
  switch (node.op) {
    case 'topk':
    case 'bottomk':
      checkK(node, param as Float64Array);
      return topk(node.op === 'topk', series, labels.length, groupOf, n, param as Float64Array);
    case 'quantile':
      return quantileAgg(series, labels, groupOf, n, param as Float64Array);
    case 'count_values':
      return countValues(node, series, labels, groupOf, n, param as string);
    default:
      return simple(node.op, series, labels, groupOf, n);
  }
}

function simple(
  op: AggregateNode['op'],
  series: readonly StepSeries[],
  labels: readonly Labels[],
  groupOf: Int32Array,
  n: number,
): StepSeries[] {
  const out = labels.map((l) => newStepSeries(l, n));
  if (op === 'sum') return sum(series, out, groupOf, n);
  const counts = labels.map(() => new Float64Array(n));
  const aux = op === 'stddev' || op === 'stdvar' ? labels.map(() => new Float64Array(n)) : undefined;
  for (let s = 0; s < series.length; s++) {
    const { values, present } = series[s]!;
    const g = groupOf[s]!;
    const acc = out[g]!.values;
    const cnt = counts[g]!;
    const m2 = aux?.[g];
    for (let i = 0; i < n; i++) {
      if (!present[i]) continue;
      const v = values[i]!;
      const c = ++cnt[i]!;
      if (c === 1) {
        acc[i] = op === 'count' || op === 'group' ? 1 : v;
        continue;
      }
      switch (op) {
        case 'count':
          acc[i] = c;
          break;
        case 'min':
          if (acc[i]! > v || Number.isNaN(acc[i]!)) acc[i] = v;
          break;
        case 'max':
          if (acc[i]! < v || Number.isNaN(acc[i]!)) acc[i] = v;
          break;
        case 'avg': {
          const mean = acc[i]!;
          // An infinite mean is already right unless a NaN or the opposite infinity arrives (as Prometheus).
          if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
            if (!Number.isFinite(v) && !Number.isNaN(v) && mean > 0 === v > 0) break;
            if (Number.isFinite(v)) break;
          }
          acc[i] = mean + (v / c - mean / c);
          break;
        }
        case 'stddev':
        case 'stdvar': {
          const delta = v - acc[i]!;
          acc[i] = acc[i]! + delta / c;
          m2![i] = m2![i]! + delta * (v - acc[i]!);
          break;
        }
        default:
          break;
      }
    }
  }
  for (let g = 0; g < out.length; g++) {
    const o = out[g]!;
    const cnt = counts[g]!;
    for (let i = 0; i < n; i++) {
      if (cnt[i]! === 0) continue;
      o.present[i] = 1;
      if (op === 'stdvar') o.values[i] = aux![g]![i]! / cnt[i]!;
      else if (op === 'stddev') o.values[i] = Math.sqrt(aux![g]![i]! / cnt[i]!);
    }
  }
  return out.filter((o) => o.present.includes(1));
}

/** `sum`, the hot path of dashboards, as a tight loop without per-sample dispatch. */
function sum(series: readonly StepSeries[], out: StepSeries[], groupOf: Int32Array, n: number): StepSeries[] {
  for (let s = 0; s < series.length; s++) {
    const { values, present } = series[s]!;
    const g = groupOf[s]!;
    const acc = out[g]!.values;
    const seen = out[g]!.present;
    for (let i = 0; i < n; i++) {
      if (present[i] === 0) continue;
      if (seen[i] === 0) {
        seen[i] = 1;
        acc[i] = values[i]!;
      } else {
        acc[i] = acc[i]! + values[i]!;
      }
    }
  }
  return out.filter((o) => o.present.includes(1));
}

/** Largest magnitude of k Prometheus converts to an integer (2^63, Go's int64 bound). */
const INT64_LIMIT = 2 ** 63;

/** Refuses a k that Prometheus refuses: NaN, or beyond int64, at any step. */
function checkK(node: AggregateNode, param: Float64Array): void {
  const span = node.param ?? node;
  for (const k of param) {
    if (Number.isNaN(k)) throw new QueryEvalError(span.from, span.to, 'Parameter value is NaN');
    if (k >= INT64_LIMIT)
      throw new QueryEvalError(span.from, span.to, `Scalar value ${formatFloatF(k)} overflows int64`);
    if (k <= -INT64_LIMIT)
      throw new QueryEvalError(span.from, span.to, `Scalar value ${formatFloatF(k)} underflows int64`);
  }
}

function topk(
  top: boolean,
  series: readonly StepSeries[],
  groups: number,
  groupOf: Int32Array,
  n: number,
  param: Float64Array,
): StepSeries[] {
  const chosen = series.map((s) => newStepSeries(s.labels, n));
  const order: number[] = [];
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < n; i++) {
    const k = Math.trunc(param[i]!);
    if (!(k >= 1)) continue;
    for (const m of members) m.length = 0;
    for (let s = 0; s < series.length; s++) if (series[s]!.present[i]) members[groupOf[s]!]!.push(s);
    for (const m of members) {
      // NaN ranks last either way, as in Prometheus' heaps.
      m.sort((a, b) => {
        const x = series[a]!.values[i]!;
        const y = series[b]!.values[i]!;
        if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
        if (Number.isNaN(y)) return -1;
        return top ? y - x : x - y;
      });
      for (const s of m.slice(0, k)) {
        chosen[s]!.present[i] = 1;
        chosen[s]!.values[i] = series[s]!.values[i]!;
        if (n === 1) order.push(s);
      }
    }
  }
  if (n === 1) return order.map((s) => chosen[s]!);
  return chosen.filter((c) => c.present.includes(1));
}

function quantileAgg(
  series: readonly StepSeries[],
  labels: readonly Labels[],
  groupOf: Int32Array,
  n: number,
  param: Float64Array,
): StepSeries[] {
  const out = labels.map((l) => newStepSeries(l, n));
  const members: number[][] = labels.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const m of members) m.length = 0;
    for (let s = 0; s < series.length; s++) {
      if (series[s]!.present[i]) members[groupOf[s]!]!.push(series[s]!.values[i]!);
    }
    for (let g = 0; g < members.length; g++) {
      if (members[g]!.length === 0) continue;
      out[g]!.present[i] = 1;
      out[g]!.values[i] = quantile(param[i]!, members[g]!);
    }
  }
  return out.filter((o) => o.present.includes(1));
}

function countValues(
  node: AggregateNode,
  series: readonly StepSeries[],
  labels: readonly Labels[],
  groupOf: Int32Array,
  n: number,
  label: string,
): StepSeries[] {
  if (!LABEL_NAME.test(label)) {
    const at = node.param ?? node;
    throw new QueryEvalError(at.from, at.to, `invalid label name "${label}"`);
  }
  const out = new Map<string, StepSeries>();
  for (let s = 0; s < series.length; s++) {
    const { values, present } = series[s]!;
    const g = groupOf[s]!;
    for (let i = 0; i < n; i++) {
      if (!present[i]) continue;
      const text = formatFloatF(values[i]!);
      const key = `${g}\xff${text}`;
      let o = out.get(key);
      if (!o) {
        o = newStepSeries({ ...labels[g], [label]: text }, n);
        out.set(key, o);
      }
      o.present[i] = 1;
      o.values[i] = o.values[i]! + 1;
    }
  }
  return [...out.values()];
}
