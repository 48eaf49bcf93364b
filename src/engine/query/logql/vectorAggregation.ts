import type { VectorAggregation } from './ast.ts';
import type { StepSeries } from './stepValues.ts';
import { groupLabels, makeSeries } from './stepValues.ts';
import { quantile } from './windowFunctions.ts';

interface Group {
  readonly labels: StepSeries['labels'];
  readonly members: StepSeries[];
}

function groupSeries(series: readonly StepSeries[], expr: VectorAggregation): Group[] {
  const groups = new Map<string, Group>();
  for (const s of series) {
    const labels = groupLabels(s.labels, expr.grouping);
    const key = makeSeries(labels, new Float64Array(0)).key;
    let g = groups.get(key);
    if (!g) {
      g = { labels, members: [] };
      groups.set(key, g);
    }
    g.members.push(s);
  }
  return [...groups.values()];
}

function aggregate(op: VectorAggregation['op'], values: number[]): number {
  const n = values.length;
  switch (op) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / n;
    case 'count':
      return n;
    case 'min':
      return values.reduce((a, b) => (b < a || Number.isNaN(a) ? b : a));
    case 'max':
      return values.reduce((a, b) => (b > a || Number.isNaN(a) ? b : a));
    case 'stdvar':
    case 'stddev': {
      const mean = values.reduce((a, b) => a + b, 0) / n;
      const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
      return op === 'stddev' ? Math.sqrt(v) : v;
    }
    default:
      return quantile(0.5, values, 0, n);
  }
}

/**
 * `sum`, `avg`, `min`, `max`, `count`, `stddev`, `stdvar` by or without labels, and `topk`/`bottomk`, which
 * keep the original series and pick the k largest or smallest of each group at every step.
 */
export function evaluateVectorAggregation(
  expr: VectorAggregation,
  series: readonly StepSeries[],
  stepCount: number,
): StepSeries[] {
  if (expr.op === 'sort' || expr.op === 'sort_desc') return [...series];
  const groups = groupSeries(series, expr);
  if (expr.op === 'topk' || expr.op === 'bottomk') {
    const k = expr.param ?? 1;
    const picked = new Map<StepSeries, Float64Array>();
    for (const g of groups) {
      for (let i = 0; i < stepCount; i++) {
        const present = g.members.filter((s) => !Number.isNaN(s.values[i]!));
        present.sort((a, b) =>
          expr.op === 'topk' ? b.values[i]! - a.values[i]! : a.values[i]! - b.values[i]!,
        );
        for (const s of present.slice(0, k)) {
          let vals = picked.get(s);
          if (!vals) {
            vals = new Float64Array(stepCount).fill(Number.NaN);
            picked.set(s, vals);
          }
          vals[i] = s.values[i]!;
        }
      }
    }
    return [...picked.entries()].map(([s, values]) => ({ labels: s.labels, key: s.key, values }));
  }
  const out: StepSeries[] = [];
  for (const g of groups) {
    const values = new Float64Array(stepCount).fill(Number.NaN);
    let any = false;
    for (let i = 0; i < stepCount; i++) {
      const present: number[] = [];
      for (const s of g.members) if (!Number.isNaN(s.values[i]!)) present.push(s.values[i]!);
      if (present.length === 0) continue;
      values[i] = aggregate(expr.op, present);
      any = true;
    }
    if (any) out.push(makeSeries(g.labels, values));
  }
  return out;
}
