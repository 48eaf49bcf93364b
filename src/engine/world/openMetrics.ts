import type { Diagnostic } from '../query/types.ts';
import { errorAt } from '../query/types.ts';
import type { Labels } from './labels.ts';
import { labelsKey } from './labels.ts';
import type { MetricMetadata, MetricType, Series } from './metricStore.ts';
import { MetricStore } from './metricStore.ts';

const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  counter: ['_total'],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count', ''],
};

/**
 * The metric family a series belongs to and the family's type: `http_requests_total` is a sample of
 * the counter family `http_requests`, `latency_seconds_bucket` of the histogram `latency_seconds`.
 */
export function familyOf(
  store: MetricStore,
  name: string,
): { family: string; meta: MetricMetadata | undefined } {
  for (const [type, suffixes] of Object.entries(SUFFIXES)) {
    for (const suffix of suffixes) {
      if (!name.endsWith(suffix)) continue;
      const base = name.slice(0, name.length - suffix.length);
      const meta = store.metadata.get(base) ?? (suffix === '_total' ? store.metadata.get(name) : undefined);
      if (meta?.type === type && base !== '') return { family: base, meta };
    }
  }
  const meta = store.metadata.get(name);
  // A counter must be exposed as `<family>_total`; one named otherwise is written as untyped.
  if (meta?.type === 'counter' || meta?.type === 'histogram')
    return { family: name, meta: { ...meta, type: 'unknown' } };
  return { family: name, meta };
}

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

function seriesPrefix(labels: Labels): string {
  const names = Object.keys(labels)
    .filter((n) => n !== '__name__')
    .sort();
  const body = names.map((n) => `${n}="${escapeLabelValue(labels[n]!)}"`).join(',');
  return `${labels.__name__ ?? ''}${body ? `{${body}}` : ''}`;
}

/**
 * Writes a store as OpenMetrics text with a timestamp (in seconds) on every sample, the format
 * `promtool tsdb create-blocks-from openmetrics` backfills from. Families are sorted by name; each
 * series' samples are written together and in time order.
 */
export function writeOpenMetrics(store: MetricStore): string {
  const families = new Map<string, { meta: MetricMetadata | undefined; series: Series[] }>();
  for (const s of store.series) {
    const { family, meta } = familyOf(store, s.labels.__name__ ?? '');
    let f = families.get(family);
    if (!f) {
      f = { meta, series: [] };
      families.set(family, f);
    }
    f.series.push(s);
  }
  const out: string[] = [];
  for (const name of [...families.keys()].sort()) {
    const f = families.get(name)!;
    out.push(`# TYPE ${name} ${f.meta?.type ?? 'unknown'}`);
    if (f.meta?.help) out.push(`# HELP ${name} ${f.meta.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    if (f.meta?.unit) out.push(`# UNIT ${name} ${f.meta.unit}`);
    const series = [...f.series].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const s of series) {
      const prefix = seriesPrefix(s.labels);
      for (let i = 0; i < s.ts.length; i++)
        out.push(`${prefix} ${formatValue(s.values[i]!)} ${s.ts[i]! / 1000}`);
    }
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

const TYPES: Readonly<Record<string, MetricType>> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
  gaugehistogram: 'histogram',
};

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[^}"]|"(?:[^"\\]|\\.)*")*\})?\s+(\S+)(?:\s+(\S+))?\s*(?:#.*)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;

function unescapeLabelValue(v: string): string {
  return v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number | undefined {
  const t = text.toLowerCase();
  if (t === '+inf' || t === 'inf') return Number.POSITIVE_INFINITY;
  if (t === '-inf') return Number.NEGATIVE_INFINITY;
  if (t === 'nan') return Number.NaN;
  const v = Number(text);
  return text.trim() === '' || Number.isNaN(v) ? undefined : v;
}

/** Options for reading exposition text. */
export interface ReadOpenMetricsOptions {
  /** Time given to samples written without a timestamp. */
  readonly defaultTimestampMs?: number;
}

/**
 * Reads OpenMetrics text (timestamps in seconds, ends with `# EOF`) or the Prometheus text format
 * (timestamps in milliseconds) into a new store. Problems are reported with line and column, never thrown.
 */
export function readOpenMetrics(
  text: string,
  opts: ReadOpenMetricsOptions = {},
): { store: MetricStore; diagnostics: Diagnostic[] } {
  const store = new MetricStore();
  const diagnostics: Diagnostic[] = [];
  const openMetrics = /^# EOF\s*$/m.test(text);
  const scale = openMetrics ? 1000 : 1;
  const samples = new Map<string, { labels: Labels; points: Map<number, number> }>();
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed === '# EOF') continue;
    if (trimmed.startsWith('#')) {
      const m = /^#\s+(TYPE|HELP|UNIT)\s+(\S+)\s*(.*)$/.exec(trimmed);
      if (!m) continue;
      const [, kind, name, rest = ''] = m;
      const prev = store.metadata.get(name!) ?? { type: 'unknown' as MetricType, help: '' };
      if (kind === 'TYPE') store.describe(name!, { ...prev, type: TYPES[rest.trim()] ?? 'unknown' });
      else if (kind === 'HELP')
        store.describe(name!, { ...prev, help: rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\') });
      else store.describe(name!, { ...prev, unit: rest.trim() });
      continue;
    }
    const m = SAMPLE.exec(trimmed);
    if (!m) {
      diagnostics.push(
        errorAt(text, start, start + line.length, 'expected a sample: name{labels} value [timestamp]'),
      );
      continue;
    }
    const labels: Record<string, string> = { __name__: m[1]! };
    const body = m[2] ? m[2].slice(1, -1) : '';
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const at = LABEL.lastIndex;
      const l = LABEL.exec(body);
      if (!l) {
        if (body.slice(at).trim() !== '')
          diagnostics.push(errorAt(text, start, start + line.length, 'invalid label set'));
        break;
      }
      labels[l[1]!] = unescapeLabelValue(l[2]!);
    }
    const value = parseValue(m[3]!);
    const ts = m[4] === undefined ? opts.defaultTimestampMs : Number(m[4]) * scale;
    if (value === undefined || ts === undefined || !Number.isFinite(ts)) {
      const what = value === undefined ? `invalid value "${m[3]}"` : 'sample has no valid timestamp';
      diagnostics.push(errorAt(text, start, start + line.length, what));
      continue;
    }
    const key = labelsKey(labels);
    let s = samples.get(key);
    if (!s) {
      s = { labels, points: new Map() };
      samples.set(key, s);
    }
    s.points.set(Math.round(ts), value);
  }
  for (const s of samples.values()) {
    const times = [...s.points.keys()].sort((a, b) => a - b);
    store.add(
      s.labels,
      Float64Array.from(times),
      Float64Array.from(times, (t) => s.points.get(t)!),
    );
  }
  return { store, diagnostics };
}
