import type { Labels } from '../../world/labels.ts';
import { labelsKey } from '../../world/labels.ts';
import type { Grouping } from './ast.ts';

/**
 * A metric expression evaluated at every step of a query: one value per step, `NaN` where the series has
 * no sample (Prometheus' "absent"). An instant query is the one-step case, so both share one evaluator.
 */
export interface StepSeries {
  readonly labels: Labels;
  readonly key: string;
  readonly values: Float64Array;
}

/** The value of a metric expression over the steps: a set of series, or a plain number per step. */
export type StepValue =
  | { readonly kind: 'vector'; readonly series: readonly StepSeries[] }
  | { readonly kind: 'scalar'; readonly values: Float64Array };

/** Raised inside evaluation for errors that must reach the user with a position; caught at the top. */
export class QueryEvalError extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
  ) {
    super(message);
  }
}

/** Makes a series, computing its key. */
export function makeSeries(labels: Labels, values: Float64Array): StepSeries {
  return { labels, key: labelsKey(labels), values };
}

/** The labels a `by`/`without` clause keeps; no clause keeps none, as in `sum(…)`. */
export function groupLabels(labels: Labels, grouping: Grouping | undefined): Labels {
  if (!grouping) return {};
  const out: Record<string, string> = {};
  if (grouping.without) {
    const drop = new Set(grouping.labels);
    for (const [k, v] of Object.entries(labels)) if (!drop.has(k)) out[k] = v;
  } else {
    for (const k of grouping.labels) {
      const v = labels[k];
      if (v !== undefined && v !== '') out[k] = v;
    }
  }
  return out;
}
