import type { Labels } from '../../world/labels.ts';
import { labelsKey } from '../../world/labels.ts';
import type { StepSeries } from './evalTypes.ts';
import { dropLabels, newStepSeries } from './evalTypes.ts';

interface Bucket {
  upperBound: number;
  count: number;
}

/** Reads an `le` value as Go's `strconv.ParseFloat` would (`+Inf`, `1e-3`, …). */
function parseLe(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === '+inf' || t === 'inf' || t === '+infinity' || t === 'infinity') return Number.POSITIVE_INFINITY;
  if (t === '-inf' || t === '-infinity') return Number.NEGATIVE_INFINITY;
  if (t === 'nan') return Number.NaN;
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/**
 * Prometheus' `bucketQuantile` for classic histograms: sort buckets, merge equal bounds, force the
 * counts to be monotonic, then interpolate linearly inside the bucket holding the rank.
 */
export function bucketQuantile(q: number, input: Bucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length === 0 || sorted[sorted.length - 1]!.upperBound !== Number.POSITIVE_INFINITY)
    return Number.NaN;
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else buckets.push({ ...b });
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else if (b.count < max) b.count = max;
  }
  if (buckets.length < 2) return Number.NaN;
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && !(buckets[b]!.count >= rank)) b++;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upperBound;
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
  let bucketStart = 0;
  const bucketEnd = buckets[b]!.upperBound;
  let count = buckets[b]!.count;
  if (b > 0) {
    bucketStart = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/**
 * `histogram_quantile(φ, buckets)`: groups bucket series by their labels without `le` (and the metric
 * name) and computes each group's quantile at every step. Series without a valid `le` are skipped.
 */
export function histogramQuantile(q: Float64Array, series: readonly StepSeries[], n: number): StepSeries[] {
  const groups = new Map<string, { labels: Labels; members: { le: number; s: StepSeries }[] }>();
  for (const s of series) {
    const le = parseLe(s.labels.le);
    if (le === undefined) continue;
    const labels = dropLabels(s.labels, ['le', '__name__']);
    const key = labelsKey(labels);
    let g = groups.get(key);
    if (!g) {
      g = { labels, members: [] };
      groups.set(key, g);
    }
    g.members.push({ le, s });
  }
  const out: StepSeries[] = [];
  for (const g of groups.values()) {
    const o = newStepSeries(g.labels, n);
    let any = false;
    for (let i = 0; i < n; i++) {
      const buckets: Bucket[] = [];
      for (const m of g.members)
        if (m.s.present[i]) buckets.push({ upperBound: m.le, count: m.s.values[i]! });
      if (buckets.length === 0) continue;
      o.values[i] = bucketQuantile(q[i]!, buckets);
      o.present[i] = 1;
      any = true;
    }
    if (any) out.push(o);
  }
  return out;
}
