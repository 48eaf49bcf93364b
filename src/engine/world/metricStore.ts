import { compileRegex } from '../query/regex.ts';
import type { Labels } from './labels.ts';
import { labelsKey } from './labels.ts';

/** Prometheus metric types, as OpenMetrics names them. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'unknown';

export interface MetricMetadata {
  readonly type: MetricType;
  readonly help: string;
  readonly unit?: string;
}

/** One time series: a label set (with `__name__`) and its samples in time order. */
export interface Series {
  readonly id: number;
  readonly labels: Labels;
  readonly key: string;
  /** Sample times in milliseconds since the epoch, ascending. */
  readonly ts: Float64Array;
  readonly values: Float64Array;
}

/** A label matcher as PromQL and LogQL stream selectors write them. */
export interface Matcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/**
 * Series storage with a postings index (label name → value → series ids), the structure Prometheus' TSDB
 * head uses to answer selectors without scanning every series.
 */
export class MetricStore {
  readonly series: Series[] = [];
  readonly metadata = new Map<string, MetricMetadata>();
  private readonly byKey = new Map<string, Series>();
  private readonly postings = new Map<string, Map<string, number[]>>();

  /** Declares a metric family's type and help text (its `# TYPE` and `# HELP` lines). */
  describe(name: string, meta: MetricMetadata): void {
    this.metadata.set(name, meta);
  }

  /** Adds a series. Samples must be in ascending time order. A label set may be added only once. */
  add(labels: Labels, ts: Float64Array, values: Float64Array): Series {
    const key = labelsKey(labels);
    if (this.byKey.has(key)) throw new Error(`duplicate series ${key}`);
    if (ts.length !== values.length)
      throw new Error(`series ${key}: ${ts.length} times but ${values.length} values`);
    const series: Series = { id: this.series.length, labels: { ...labels }, key, ts, values };
    this.series.push(series);
    this.byKey.set(key, series);
    for (const [name, value] of Object.entries(labels)) {
      let values = this.postings.get(name);
      if (!values) {
        values = new Map();
        this.postings.set(name, values);
      }
      let ids = values.get(value);
      if (!ids) {
        ids = [];
        values.set(value, ids);
      }
      ids.push(series.id);
    }
    return series;
  }

  get(labels: Labels): Series | undefined {
    return this.byKey.get(labelsKey(labels));
  }

  /** All label names, sorted. */
  labelNames(): string[] {
    return [...this.postings.keys()].sort();
  }

  /** All values of one label, sorted. */
  labelValues(name: string): string[] {
    return [...(this.postings.get(name)?.keys() ?? [])].sort();
  }

  /**
   * Series matching every matcher. As in Prometheus, a matcher that matches the empty string also
   * matches series that lack the label. Regexes are fully anchored.
   */
  select(matchers: readonly Matcher[]): Series[] {
    let candidates: Set<number> | undefined;
    // Equality matchers on non-empty values narrow through the postings first.
    for (const m of matchers) {
      if (m.op !== '=' || m.value === '') continue;
      const ids = this.postings.get(m.name)?.get(m.value) ?? [];
      const next = new Set<number>();
      for (const id of ids) if (!candidates || candidates.has(id)) next.add(id);
      candidates = next;
    }
    const tests = matchers.map(compileMatcher);
    const pool = candidates
      ? [...candidates].sort((a, b) => a - b).map((id) => this.series[id]!)
      : this.series;
    return pool.filter((s) => tests.every((t) => t(s.labels)));
  }
}

/** A predicate for one matcher; a missing label counts as the empty string. */
export function compileMatcher(m: Matcher): (labels: Labels) => boolean {
  switch (m.op) {
    case '=':
      return (l) => (l[m.name] ?? '') === m.value;
    case '!=':
      return (l) => (l[m.name] ?? '') !== m.value;
    // An invalid regex matches no series, as a selector refused by the query parser would.
    case '=~': {
      const re = compileRegex(m.value, { anchored: true });
      return re.ok ? (l) => re.regex.test(l[m.name] ?? '') : () => false;
    }
    case '!~': {
      const re = compileRegex(m.value, { anchored: true });
      return re.ok ? (l) => !re.regex.test(l[m.name] ?? '') : () => false;
    }
  }
}
