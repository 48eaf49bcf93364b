import type { MetricIndex } from '../../engine/views/metricIndex.ts';

/** A query written for a metric, from what its metadata says it is. */
export interface TypedCompletion {
  readonly label: string;
  readonly detail: string;
}

/**
 * What to do with each metric whose name starts with `prefix`, by its type in the metadata: a counter (or
 * a histogram's `_count` and `_sum`) is read as a per-second `rate()`, a histogram's buckets through
 * `histogram_quantile()`; a gauge is read as it is, so it gets no wrapper (a rate of a gauge means nothing).
 */
export function typedCompletions(index: Pick<MetricIndex, 'metadata'>, prefix: string): TypedCompletion[] {
  const out: TypedCompletion[] = [];
  for (const [name, meta] of Object.entries(index.metadata)) {
    if (!name.startsWith(prefix)) continue;
    if (meta.type === 'counter') {
      out.push({ label: `rate(${name}[5m])`, detail: 'counter: per-second rate' });
    } else if (meta.type === 'histogram' && name.endsWith('_bucket')) {
      out.push({
        label: `histogram_quantile(0.99, sum by (le) (rate(${name}[5m])))`,
        detail: 'histogram: 99th percentile',
      });
    } else if ((meta.type === 'histogram' || meta.type === 'summary') && /_(count|sum)$/.test(name)) {
      out.push({ label: `rate(${name}[5m])`, detail: `${meta.type}: per-second rate` });
    }
  }
  return out;
}
