import type {
  MetricMetadata,
  PrometheusClient,
} from '@prometheus-io/codemirror-promql/dist/esm/client/prometheus';
import { EqlRegex, EqlSingle, Neq, NeqRegex } from '@prometheus-io/lezer-promql';
import { compileRegex } from '../../engine/query/regex.ts';
import type { MetricIndex } from '../../engine/views/metricIndex.ts';
import type { Labels } from '../../engine/world/labels.ts';

/** A label matcher as the PromQL editor hands it over: a token type of the PromQL grammar, a name, a value. */
export interface EditorMatcher {
  readonly type: number;
  readonly name: string;
  readonly value: string;
}

function matches(m: EditorMatcher, labels: Labels): boolean {
  const v = labels[m.name] ?? '';
  switch (m.type) {
    case EqlSingle:
      return v === m.value;
    case Neq:
      return v !== m.value;
    case EqlRegex:
    case NeqRegex: {
      const re = compileRegex(m.value, { anchored: true });
      // A regex still being typed matches everything, so completion keeps offering something.
      if (!re.ok) return true;
      return re.regex.test(v) === (m.type === EqlRegex);
    }
    default:
      return true;
  }
}

function seriesOf(index: MetricIndex, metricName: string | undefined, matchers: readonly EditorMatcher[]) {
  const names = metricName ? [metricName] : Object.keys(index.series);
  const out: Labels[] = [];
  for (const name of names) {
    for (const labels of index.series[name] ?? []) {
      // The matcher on the metric's own name was answered by picking the family above.
      if (matchers.every((m) => m.name === '__name__' || matches(m, labels))) out.push(labels);
    }
  }
  return out;
}

/**
 * Answers the PromQL editor's questions (metric names, label names and values, series, metadata) from the
 * world's metric index, the way a Prometheus server's HTTP API would, without a network.
 */
export function worldPrometheusClient(load: () => Promise<MetricIndex>): PrometheusClient {
  let cached: Promise<MetricIndex> | undefined;
  const index = () => {
    cached ??= load();
    return cached;
  };
  return {
    async metricNames(prefix?: string) {
      const names = Object.keys((await index()).series).sort();
      return prefix ? names.filter((n) => n.startsWith(prefix)) : names;
    },
    async labelNames(metricName?: string) {
      const names = new Set<string>();
      for (const labels of seriesOf(await index(), metricName, []))
        for (const n of Object.keys(labels)) names.add(n);
      return [...names].sort();
    },
    async labelValues(labelName: string, metricName?: string, matchers?: EditorMatcher[]) {
      const i = await index();
      if (labelName === '__name__') return Object.keys(i.series).sort();
      const values = new Set<string>();
      for (const labels of seriesOf(i, metricName, matchers ?? [])) {
        const v = labels[labelName];
        if (v !== undefined) values.add(v);
      }
      return [...values].sort();
    },
    async metricMetadata() {
      const out: Record<string, MetricMetadata[]> = {};
      for (const [name, meta] of Object.entries((await index()).metadata)) out[name] = [{ ...meta }];
      return out;
    },
    async series(metricName: string, matchers?: EditorMatcher[]) {
      return seriesOf(await index(), metricName, matchers ?? []).map(
        (labels) => new Map(Object.entries({ __name__: metricName, ...labels })),
      );
    },
    async flags() {
      return {};
    },
  };
}
