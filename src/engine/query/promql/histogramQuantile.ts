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
  const buckets = coalesce(input);
  if (buckets.length === 0 || buckets[buckets.length - 1]!.upperBound !== Number.POSITIVE_INFINITY)
    return Number.NaN;
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
 * Prometheus' `BucketFraction` for classic histograms: the share of observations between `lower` and
 * `upper`, interpolating linearly inside the buckets the bounds fall in. The lowest bucket starts at 0
 * unless its upper bound is at or below 0 (then at -Inf, where nothing can be interpolated).
 */
export function bucketFraction(lower: number, upper: number, input: Bucket[]): number {
  const buckets = coalesce(input);
  if (buckets.length === 0 || buckets[buckets.length - 1]!.upperBound !== Number.POSITIVE_INFINITY)
    return Number.NaN;
  const count = buckets[buckets.length - 1]!.count;
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return Number.NaN;
  if (lower >= upper) return 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let lowerBound = buckets[0]!.upperBound <= 0 ? Number.NEGATIVE_INFINITY : 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    if (i > 0) lowerBound = buckets[i - 1]!.upperBound;
    const upperBound = b.upperBound;
    // Counts are cumulative, so this bucket holds `b.count - rank` observations.
    const at = (v: number) =>
      lowerBound === Number.NEGATIVE_INFINITY
        ? b.count
        : rank + ((b.count - rank) * (v - lowerBound)) / (upperBound - lowerBound);
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      lowerRank = at(lower);
      lowerSet = true;
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = at(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank = b.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}

/** Buckets sorted by upper bound, those with the same bound merged. */
function coalesce(input: readonly Bucket[]): Bucket[] {
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else buckets.push({ ...b });
  }
  return buckets;
}

/**
 * `histogram_quantile(φ, buckets)`: groups bucket series by their labels without `le` (and the metric
 * name) and computes each group's quantile at every step. Series without a valid `le` are skipped.
 */
export function histogramQuantile(q: Float64Array, series: readonly StepSeries[], n: number): StepSeries[] {
  return perHistogram(series, n, (i, buckets) => bucketQuantile(q[i]!, buckets));
}

/** `histogram_fraction(lower, upper, buckets)`, grouped as {@link histogramQuantile} groups. */
export function histogramFraction(
  lower: Float64Array,
  upper: Float64Array,
  series: readonly StepSeries[],
  n: number,
): StepSeries[] {
  return perHistogram(series, n, (i, buckets) => bucketFraction(lower[i]!, upper[i]!, buckets));
}

/** Groups bucket series into histograms and computes one value per histogram and step. */
function perHistogram(
  series: readonly StepSeries[],
  n: number,
  valueAt: (step: number, buckets: Bucket[]) => number,
): StepSeries[] {
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
      o.values[i] = valueAt(i, buckets);
      o.present[i] = 1;
      any = true;
    }
    if (any) out.push(o);
  }
  return out;
}
