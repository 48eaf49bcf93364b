import type { Labels } from '../world/labels.ts';
import type { MetricStore } from '../world/metricStore.ts';

/** A metric family's type and help text, as Prometheus' metadata API answers them. */
export interface MetricFamilyInfo {
  readonly type: string;
  readonly help: string;
}

/**
 * What the PromQL editor completes from: every metric family's metadata and the label sets of its series
 * (without `__name__`). Sent to the page once per world, so completion never waits on the worker.
 */
export interface MetricIndex {
  readonly metadata: Readonly<Record<string, MetricFamilyInfo>>;
  readonly series: Readonly<Record<string, readonly Labels[]>>;
}

/** Indexes a metric store by metric name for completion. */
export function metricIndex(metrics: MetricStore): MetricIndex {
  const series: Record<string, Labels[]> = {};
  for (const s of metrics.series) {
    const { __name__: name, ...rest } = s.labels;
    if (!name) continue;
    const list = series[name] ?? [];
    list.push(rest);
    series[name] = list;
  }
  const metadata: Record<string, MetricFamilyInfo> = {};
  for (const name of Object.keys(series).sort()) {
    // Families are declared by their OpenMetrics name: a counter's series carry _total (and _created), a
    // histogram's and a summary's _bucket, _sum and _count.
    const family =
      metrics.metadata.get(name) ??
      metrics.metadata.get(name.replace(/_(bucket|sum|count|total|created)$/, ''));
    metadata[name] = { type: family?.type ?? 'unknown', help: family?.help ?? '' };
  }
  return { metadata, series };
}
