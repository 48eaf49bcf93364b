import type { RangeOp } from './ast.ts';

/** Prometheus' quantile over `vs[lo..hi)`: linear interpolation between the closest ranks. */
export function quantile(q: number, vs: readonly number[], lo: number, hi: number): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = vs.slice(lo, hi).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

function variance(vs: readonly number[], lo: number, hi: number): number {
  // Welford's method, as Prometheus uses, to keep precision on large values.
  let mean = 0;
  let m2 = 0;
  let n = 0;
  for (let i = lo; i < hi; i++) {
    n++;
    const d = vs[i]! - mean;
    mean += d / n;
    m2 += d * (vs[i]! - mean);
  }
  return m2 / n;
}

/**
 * One range function over the samples `vs[lo..hi)` of a window (never empty). `counting` says every sample
 * is 1 (a plain line count), which lets `count_over_time` and `rate` skip the loop.
 */
export function windowValue(
  op: RangeOp,
  vs: readonly number[],
  lo: number,
  hi: number,
  rangeSec: number,
  param: number,
  counting: boolean,
): number {
  const n = hi - lo;
  if (counting) return op === 'rate' ? n / rangeSec : n;
  switch (op) {
    case 'count_over_time':
      return n;
    case 'absent_over_time':
      return 1;
    case 'rate':
    case 'bytes_rate':
    case 'bytes_over_time':
    case 'sum_over_time':
    case 'avg_over_time': {
      let sum = 0;
      for (let i = lo; i < hi; i++) sum += vs[i]!;
      if (op === 'avg_over_time') return sum / n;
      return op === 'rate' || op === 'bytes_rate' ? sum / rangeSec : sum;
    }
    case 'min_over_time': {
      let m = vs[lo]!;
      for (let i = lo + 1; i < hi; i++) if (vs[i]! < m || Number.isNaN(m)) m = vs[i]!;
      return m;
    }
    case 'max_over_time': {
      let m = vs[lo]!;
      for (let i = lo + 1; i < hi; i++) if (vs[i]! > m || Number.isNaN(m)) m = vs[i]!;
      return m;
    }
    case 'stdvar_over_time':
      return variance(vs, lo, hi);
    case 'stddev_over_time':
      return Math.sqrt(variance(vs, lo, hi));
    case 'quantile_over_time':
      return quantile(param, vs, lo, hi);
    case 'first_over_time':
      return vs[lo]!;
    case 'last_over_time':
      return vs[hi - 1]!;
    case 'rate_counter':
      return Number.NaN;
  }
}
