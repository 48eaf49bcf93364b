import type { Labels } from '../../world/labels.ts';
import { labelsKey } from '../../world/labels.ts';
import type { LogStore } from '../../world/logStore.ts';
import { spend } from '../budget.ts';
import type { Grouping, RangeAggregation } from './ast.ts';
import { needleFor } from './blockScan.ts';
import { compileLabelFilter } from './labelFilter.ts';
import { parseBytes, parseDurationMs, parseGoFloat, utf8Length } from './literals.ts';
import { searchLines } from './logQuery.ts';
import { compilePipeline } from './pipeline.ts';
import type { MutableLabels } from './pipelineLabels.ts';
import { ERROR_LABEL, mapKey, mapToLabels, setError } from './pipelineLabels.ts';
import { selectStreams } from './selectStreams.ts';
import type { LogQLStats } from './stats.ts';
import type { StepSeries } from './stepValues.ts';
import { windowValue } from './windowFunctions.ts';

interface SampleSeries {
  labels: Labels;
  ts: number[];
  vs: number[];
  sorted: boolean;
}

function isLabelMap(l: Labels | ReadonlyMap<string, string>): l is ReadonlyMap<string, string> {
  return l instanceof Map;
}

function groupMap(labels: MutableLabels, grouping: Grouping): MutableLabels {
  const out: MutableLabels = new Map();
  if (grouping.without) {
    for (const [k, v] of labels) if (!grouping.labels.includes(k)) out.set(k, v);
  } else {
    for (const k of grouping.labels) {
      const v = labels.get(k);
      if (v !== undefined && v !== '') out.set(k, v);
    }
  }
  return out;
}

function convert(raw: string, conversion: 'none' | 'duration' | 'bytes'): number | undefined {
  if (conversion === 'none') return parseGoFloat(raw);
  if (conversion === 'bytes') {
    const r = parseBytes(raw);
    return r.ok ? r.value : undefined;
  }
  const r = parseDurationMs(raw);
  return r.ok ? r.value / 1000 : undefined;
}

/**
 * Turns the lines in `(from, to]` into samples, one series per label set, as Loki's sample extractors do:
 * value 1 per line for counting functions, the line's size for `bytes_*`, or the unwrapped label's value.
 */
function extractSamples(
  store: LogStore,
  expr: RangeAggregation,
  fromMs: number,
  toMs: number,
  stats: LogQLStats,
): Map<string, SampleSeries> {
  const pipeline = compilePipeline(expr.log.pipeline);
  const unwrap = expr.unwrap;
  const postFilters = (unwrap?.postFilters ?? []).map(compileLabelFilter);
  const bytes = expr.op === 'bytes_over_time' || expr.op === 'bytes_rate';
  const series = new Map<string, SampleSeries>();
  const test = pipeline.lineTest;
  const seriesFor = (key: string, labels: Labels | ReadonlyMap<string, string>): SampleSeries => {
    let s = series.get(key);
    if (!s) {
      s = {
        labels: isLabelMap(labels) ? mapToLabels(labels) : labels,
        ts: [],
        vs: [],
        sorted: true,
      };
      series.set(key, s);
    }
    return s;
  };
  const add = (s: SampleSeries, ts: number, v: number) => {
    const n = s.ts.length;
    if (n > 0 && ts < s.ts[n - 1]!) s.sorted = false;
    s.ts.push(ts);
    s.vs.push(v);
  };
  // Without stages, unwrap or grouping every line of a stream lands in the stream's own series.
  const plain = !pipeline.hasSteps && !unwrap && !expr.grouping;
  const streamIds = selectStreams(store, expr.log.matchers);
  stats.streamsSelected += streamIds.length;
  const own: (SampleSeries | undefined)[] = [];
  if (plain)
    for (const sid of streamIds) own[sid] = seriesFor(store.streams[sid]!.key, store.streams[sid]!.labels);
  const sample = (id: number, ts: number, line: string): void => {
    spend(1);
    if (test && !test(line)) return;
    const streamSeries = own[store.streamIdOf(id)];
    if (streamSeries) {
      add(streamSeries, ts, bytes ? utf8Length(line) : 1);
      return;
    }
    const r = pipeline.run(line, store.streamOf(id).labels, ts);
    if (!r) return;
    const labels = r.labels;
    let value = bytes ? utf8Length(r.line) : 1;
    if (unwrap) {
      const raw = labels.get(unwrap.label);
      // A line without the label gives no sample; Loki treats that as normal (grafana/loki#6713).
      if (raw === undefined || raw === '') return;
      const v = convert(raw, unwrap.conversion);
      if (v === undefined)
        setError(labels, 'SampleExtractionErr', `cannot convert ${JSON.stringify(raw)} to a number`);
      else value = v;
      labels.delete(unwrap.label);
      for (const f of postFilters) if (!f(labels)) return;
    }
    // Errors survive grouping so that they are reported rather than silently merged away.
    const grouped = expr.grouping && !labels.has(ERROR_LABEL) ? groupMap(labels, expr.grouping) : labels;
    add(seriesFor(mapKey(grouped), grouped), ts, value);
  };
  // A line filter finds its lines by searching text, as a log query does; the rest are never sliced.
  const needle = pipeline.needle === undefined ? undefined : needleFor(store, pipeline.needle);
  const searched =
    needle !== undefined &&
    searchLines(
      store,
      streamIds,
      needle,
      fromMs,
      toMs + 1e-9,
      (id, line) => {
        const ts = store.tsMs(id);
        if (ts > fromMs && ts <= toMs) sample(id, ts, line);
      },
      stats,
    );
  if (searched) return series;
  for (const sid of streamIds) {
    const ids = store.streamEntries(sid);
    let k = store.lowerBound(ids, fromMs);
    const hi = store.lowerBound(ids, toMs + 1e-9);
    let scanned = 0;
    let size = 0;
    for (; k < hi; k++) {
      const id = ids[k]!;
      const ts = store.tsMs(id);
      if (ts <= fromMs || ts > toMs) continue;
      const line = store.line(id);
      scanned++;
      size += line.length;
      sample(id, ts, line);
    }
    stats.linesProcessed += scanned;
    stats.bytesProcessed += size;
  }
  return series;
}

/**
 * Evaluates a range aggregation at every step: the window for step `t` is `(t - offset - range, t - offset]`,
 * and a series has a value only at steps whose window holds samples.
 */
export function evaluateRange(
  store: LogStore,
  expr: RangeAggregation,
  steps: Float64Array,
  stats: LogQLStats,
): StepSeries[] {
  const first = steps[0] ?? 0;
  const last = steps[steps.length - 1] ?? 0;
  const samples = extractSamples(
    store,
    expr,
    first - expr.offsetMs - expr.rangeMs,
    last - expr.offsetMs,
    stats,
  );
  // Without unwrap every sample of count_over_time and rate is 1, so a window's count is its value.
  const counting = !expr.unwrap && (expr.op === 'count_over_time' || expr.op === 'rate');
  const out: StepSeries[] = [];
  const keys = [...samples.keys()].sort();
  for (const key of keys) {
    const s = samples.get(key)!;
    if (!s.sorted) sortSamples(s);
    const values = new Float64Array(steps.length).fill(Number.NaN);
    let lo = 0;
    let hi = 0;
    let any = false;
    for (let i = 0; i < steps.length; i++) {
      const end = steps[i]! - expr.offsetMs;
      const start = end - expr.rangeMs;
      while (hi < s.ts.length && s.ts[hi]! <= end) hi++;
      while (lo < hi && s.ts[lo]! <= start) lo++;
      if (hi > lo) {
        values[i] = windowValue(expr.op, s.vs, lo, hi, expr.rangeMs / 1000, expr.param ?? 0, counting);
        any = true;
      }
    }
    if (any && expr.op !== 'absent_over_time') out.push({ labels: s.labels, key, values });
  }
  if (expr.op === 'absent_over_time') return absentSeries(expr, steps, samples);
  return out;
}

function sortSamples(s: SampleSeries): void {
  const order = s.ts.map((_, i) => i).sort((a, b) => s.ts[a]! - s.ts[b]! || a - b);
  s.ts = order.map((i) => s.ts[i]!);
  s.vs = order.map((i) => s.vs[i]!);
  s.sorted = true;
}

function absentSeries(
  expr: RangeAggregation,
  steps: Float64Array,
  samples: Map<string, SampleSeries>,
): StepSeries[] {
  const values = new Float64Array(steps.length).fill(1);
  for (const s of samples.values()) {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < steps.length; i++) {
      const end = steps[i]! - expr.offsetMs;
      while (hi < s.ts.length && s.ts[hi]! <= end) hi++;
      while (lo < hi && s.ts[lo]! <= end - expr.rangeMs) lo++;
      if (hi > lo) values[i] = Number.NaN;
    }
  }
  if (!values.some((v) => !Number.isNaN(v))) return [];
  // As in Prometheus' absent(): the labels are those the selector pins with `=`.
  const labels: Record<string, string> = {};
  for (const m of expr.log.matchers) if (m.op === '=') labels[m.name] = m.value;
  return [{ labels, key: labelsKey(labels), values }];
}
