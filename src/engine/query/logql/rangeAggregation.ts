import type { Labels } from '../../world/labels.ts';
import { labelsKey } from '../../world/labels.ts';
import type { LogStore } from '../../world/logStore.ts';
import type { RangeAggregation } from './ast.ts';
import { compileLabelFilter } from './labelFilter.ts';
import { parseBytes, parseDurationMs, parseGoFloat, utf8Length } from './literals.ts';
import { compilePipeline } from './pipeline.ts';
import { ERROR_DETAILS_LABEL, ERROR_LABEL, type MutableLabels, setError } from './pipelineLabels.ts';
import { selectStreams } from './selectStreams.ts';
import type { LogQLStats } from './stats.ts';
import type { StepSeries } from './stepValues.ts';
import { groupLabels, QueryEvalError } from './stepValues.ts';
import { windowValue } from './windowFunctions.ts';

interface SampleSeries {
  labels: Labels;
  ts: number[];
  vs: number[];
  sorted: boolean;
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
  const add = (labels: Labels, key: string, ts: number, v: number) => {
    let s = series.get(key);
    if (!s) {
      s = { labels, ts: [], vs: [], sorted: true };
      series.set(key, s);
    }
    const n = s.ts.length;
    if (n > 0 && ts < s.ts[n - 1]!) s.sorted = false;
    s.ts.push(ts);
    s.vs.push(v);
  };
  const streamIds = selectStreams(store, expr.log.matchers);
  stats.streamsSelected += streamIds.length;
  for (const sid of streamIds) {
    const ids = store.streamEntries(sid);
    const stream = store.streams[sid]!;
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
      if (test && !test(line)) continue;
      if (!pipeline.hasSteps && !unwrap && !expr.grouping) {
        add(stream.labels, stream.key, ts, bytes ? utf8Length(line) : 1);
        continue;
      }
      const r = pipeline.run(line, stream.labels, ts);
      if (!r) continue;
      let labels: MutableLabels = r.labels;
      let value = bytes ? utf8Length(r.line) : 1;
      if (unwrap) {
        if (labels === stream.labels) labels = { ...labels };
        const raw = labels[unwrap.label];
        // A line without the label gives no sample; Loki treats that as normal (grafana/loki#6713).
        if (raw === undefined || raw === '') continue;
        const v = convert(raw, unwrap.conversion);
        if (v === undefined)
          setError(labels, 'SampleExtractionErr', `cannot convert ${JSON.stringify(raw)} to a number`);
        else value = v;
        delete labels[unwrap.label];
        let keep = true;
        for (const f of postFilters) if (!f(labels)) keep = false;
        if (!keep) continue;
      }
      // Errors survive grouping so that they are reported rather than silently merged away.
      const grouped =
        expr.grouping && labels[ERROR_LABEL] === undefined ? groupLabels(labels, expr.grouping) : labels;
      add(grouped, labelsKey(grouped), ts, value);
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
  for (const s of samples.values()) {
    if (s.labels[ERROR_LABEL] !== undefined) {
      const shown = { ...s.labels };
      delete shown[ERROR_DETAILS_LABEL];
      throw new QueryEvalError(
        `pipeline error: '${s.labels[ERROR_LABEL]}' for series: '${labelsKey(shown)}'. ` +
          `Use a label filter to intentionally skip this error (e.g | __error__!="${s.labels[ERROR_LABEL]}"). ` +
          'To skip all potential errors you can match empty errors (e.g | __error__="")',
        expr.from,
        expr.to,
      );
    }
  }
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
