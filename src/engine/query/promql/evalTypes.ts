import type { Labels } from '../../world/labels.ts';
import type { MetricStore } from '../../world/metricStore.ts';

/**
 * One series of an instant vector evaluated at every step of the query: `values[i]` holds the sample at
 * step i when `present[i]` is 1. Evaluating all steps of a node at once (as Prometheus' `rangeEval`
 * does) lets label work happen once per series instead of once per step.
 */
export interface StepSeries {
  readonly labels: Labels;
  readonly values: Float64Array;
  readonly present: Uint8Array;
  /** Timestamps of the selected raw samples, kept only for `timestamp()`. */
  readonly sampleTs?: Float64Array;
}

/** An evaluated node: a scalar per step, an instant vector per step, or a string. */
export type StepValue =
  | { readonly type: 'scalar'; readonly values: Float64Array }
  | { readonly type: 'vector'; readonly series: readonly StepSeries[] }
  | { readonly type: 'string'; readonly value: string };

/** Raw samples of one series, as a range vector's window reads them. */
export interface RangeSeries {
  readonly labels: Labels;
  readonly ts: Float64Array;
  readonly values: Float64Array;
}

/** A range vector argument: series plus how to place each step's window. */
export interface RangeInput {
  readonly series: readonly RangeSeries[];
  readonly rangeMs: number;
  readonly offsetMs: number;
  /** A fixed evaluation time from `@`, in milliseconds. */
  readonly atMs: number | undefined;
}

/** Options shared by every node of one evaluation. */
export interface EvalContext {
  readonly store: MetricStore;
  /** Evaluation times of this (sub)evaluation, ascending, in milliseconds. */
  readonly times: Float64Array;
  /** The top-level query's start and end, for `@ start()` and `@ end()`. */
  readonly queryStartMs: number;
  readonly queryEndMs: number;
  readonly lookbackMs: number;
  /** Prometheus 3 excludes samples exactly at the start of a window; Prometheus 2 includes them. */
  readonly leftOpen: boolean;
  /** Prometheus 3 applies the counter zero-point clamp after the extrapolation threshold. */
  readonly v3Extrapolation: boolean;
  readonly defaultSubqueryStepMs: number;
  /** Shared across subqueries so a pathological query stops instead of freezing the page. */
  readonly budget: { points: number };
}

/** An evaluation error with the span of the expression that caused it. */
export class QueryEvalError {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly message: string,
  ) {}
}

/** Allocates an empty step series with the given labels. */
export function newStepSeries(labels: Labels, n: number): StepSeries {
  return { labels, values: new Float64Array(n), present: new Uint8Array(n) };
}

/** Whether a step series has a sample at any step. */
export function anyPresent(s: StepSeries): boolean {
  return s.present.includes(1);
}

/** Orders label sets as Prometheus' `labels.Compare` does (names sorted, then pairwise). */
export function compareLabels(a: Labels, b: Labels): number {
  const an = Object.keys(a).sort();
  const bn = Object.keys(b).sort();
  const n = Math.min(an.length, bn.length);
  for (let i = 0; i < n; i++) {
    const x = an[i]!;
    const y = bn[i]!;
    if (x !== y) return x < y ? -1 : 1;
    const xv = a[x]!;
    const yv = b[y]!;
    if (xv !== yv) return xv < yv ? -1 : 1;
  }
  return an.length - bn.length;
}

/** Label pairs flattened in name order (`[name, value, name, value, …]`), for repeated comparisons. */
export function sortKey(labels: Labels): string[] {
  const out: string[] = [];
  for (const name of Object.keys(labels).sort()) out.push(name, labels[name]!);
  return out;
}

/** Compares two `sortKey`s with the same order as `compareLabels`. */
export function compareSortKeys(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** A label set without the given names. */
export function dropLabels(labels: Labels, names: readonly string[]): Labels {
  const out: Record<string, string> = {};
  for (const k in labels) if (!names.includes(k)) out[k] = labels[k]!;
  return out;
}

/** Only the given names of a label set (missing ones stay missing). */
export function keepLabels(labels: Labels, names: readonly string[]): Labels {
  const out: Record<string, string> = {};
  for (const k of names) {
    const v = labels[k];
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

/**
 * Joins series that ended up with the same labels (after dropping `__name__`, say). Two of them with a
 * sample at the same step is Prometheus' "vector cannot contain metrics with the same labelset".
 */
export function mergeSameLabels(
  series: readonly StepSeries[],
  span: { from: number; to: number },
  keyOf: (labels: Labels) => string,
): StepSeries[] {
  const byKey = new Map<string, number>();
  const out: StepSeries[] = [];
  for (const s of series) {
    const key = keyOf(s.labels);
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, out.length);
      out.push(s);
      continue;
    }
    const into = out[at]!;
    for (let i = 0; i < s.present.length; i++) {
      if (!s.present[i]) continue;
      if (into.present[i])
        throw new QueryEvalError(span.from, span.to, 'vector cannot contain metrics with the same labelset');
      into.present[i] = 1;
      into.values[i] = s.values[i]!;
    }
  }
  return out;
}

/**
 * Refuses series that ended up with the same labels, whatever their steps: what Prometheus checks after a
 * range-vector function drops the metric name, so `rate({__name__=~"a|b"}[5m])` over two metrics with the
 * same other labels is an error rather than two indistinguishable answers.
 */
export function assertDistinctLabels(
  series: readonly StepSeries[],
  span: { from: number; to: number },
  keyOf: (labels: Labels) => string,
): void {
  if (series.length < 2) return;
  const seen = new Set<string>();
  for (const s of series) {
    const key = keyOf(s.labels);
    if (seen.has(key))
      throw new QueryEvalError(span.from, span.to, 'vector cannot contain metrics with the same labelset');
    seen.add(key);
  }
}
