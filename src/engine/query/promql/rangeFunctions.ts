import { withoutName } from '../../world/labels.ts';
import { spend } from '../budget.ts';
import type { EvalContext, RangeInput, StepSeries } from './evalTypes.ts';
import { quantile } from './quantile.ts';

/**
 * The samples of one window: `ts`/`vs` from index `lo` (inclusive) to `hi` (exclusive), the window's
 * bounds, and the evaluation time (for `predict_linear`).
 */
export interface Window {
  ts: Float64Array;
  vs: Float64Array;
  lo: number;
  hi: number;
  rangeStart: number;
  rangeEnd: number;
  rangeMs: number;
  evalMs: number;
  /** The scalar argument of `quantile_over_time` / `predict_linear` at this step. */
  param: number;
  /** Prometheus 3 applies the counter zero-point clamp after the extrapolation threshold. */
  v3: boolean;
  /** resets[j]: counter resets among samples 1..j of the series, so a window without one skips its scan. */
  resets: Int32Array;
}

type Kernel = (w: Window) => number;

/** Kahan–Babuška compensated summation step, as Prometheus' `kahanSumInc`. */
function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (!Number.isFinite(t)) return [t, 0];
  const nc = Math.abs(sum) >= Math.abs(inc) ? c + (sum - t + inc) : c + (inc - t + sum);
  return [t, nc];
}

/** Prometheus' `extrapolatedRate`: rate, increase and delta with its extrapolation rules. */
function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number {
  const { vs, lo, hi } = w;
  let result = vs[hi - 1]! - vs[lo]!;
  if (isCounter && w.resets[hi - 1] !== w.resets[lo]) {
    let prev = vs[lo]!;
    for (let j = lo + 1; j < hi; j++) {
      const cur = vs[j]!;
      if (cur < prev) result += prev;
      prev = cur;
    }
  }
  return extrapolate(result, w.ts, vs, lo, hi, w.rangeStart, w.rangeEnd, w.rangeMs, isCounter, isRate, w.v3);
}

/**
 * The extrapolation half of `extrapolatedRate`: stretches the increase seen between the first and last
 * sample towards the window's edges (at most half a sample interval past the data, and never below a
 * counter's zero point). Plain arguments, because this sits in the hot loop of dashboards.
 */
function extrapolate(
  result: number,
  ts: Float64Array,
  vs: Float64Array,
  lo: number,
  hi: number,
  rangeStart: number,
  rangeEnd: number,
  rangeMs: number,
  isCounter: boolean,
  isRate: boolean,
  v3: boolean,
): number {
  const last = hi - 1;
  const first = vs[lo]!;
  const firstT = ts[lo]!;
  const lastT = ts[last]!;
  let durationToStart = (firstT - rangeStart) / 1000;
  let durationToEnd = (rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const avg = sampledInterval / (last - lo);
  const threshold = avg * 1.1;
  const durationToZero =
    isCounter && result > 0 && first >= 0 ? sampledInterval * (first / result) : Number.POSITIVE_INFINITY;
  let extrapolateTo = sampledInterval;
  if (v3) {
    if (durationToStart >= threshold) durationToStart = avg / 2;
    if (durationToZero < durationToStart) durationToStart = durationToZero;
    if (durationToEnd >= threshold) durationToEnd = avg / 2;
    extrapolateTo += durationToStart + durationToEnd;
  } else {
    // Prometheus 2 clamps to the zero point before comparing with the threshold.
    if (durationToZero < durationToStart) durationToStart = durationToZero;
    extrapolateTo += durationToStart < threshold ? durationToStart : avg / 2;
    extrapolateTo += durationToEnd < threshold ? durationToEnd : avg / 2;
  }
  let factor = extrapolateTo / sampledInterval;
  if (isRate) factor /= rangeMs / 1000;
  return result * factor;
}

/** Prometheus' `instantValue`: irate and idelta from the last two samples. */
function instantValue(w: Window, isRate: boolean): number {
  const a = w.vs[w.hi - 2]!;
  const b = w.vs[w.hi - 1]!;
  let result = isRate && b < a ? b : b - a;
  if (isRate) result /= (w.ts[w.hi - 1]! - w.ts[w.hi - 2]!) / 1000;
  return result;
}

/** Least-squares fit as Prometheus' `linearRegression`, x in seconds relative to `interceptMs`. */
function linearRegression(w: Window, interceptMs: number): [number, number] {
  const { ts, vs, lo, hi } = w;
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = vs[lo]!;
  let constY = true;
  for (let j = lo; j < hi; j++) {
    const y = vs[j]!;
    if (constY && j > lo && y !== initY) constY = false;
    n++;
    const x = (ts[j]! - interceptMs) / 1000;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(y, sumY, cY);
    [sumXY, cXY] = kahanInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) return Number.isFinite(initY) ? [0, initY] : [Number.NaN, Number.NaN];
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

function avgOverTime(w: Window): number {
  let mean = 0;
  let c = 0;
  let count = 0;
  for (let j = w.lo; j < w.hi; j++) {
    const v = w.vs[j]!;
    count++;
    if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
      // An infinite mean stays put unless a NaN or an opposite infinity arrives (as Prometheus).
      if (!Number.isFinite(v) && !Number.isNaN(v) && mean > 0 === v > 0) continue;
      if (Number.isFinite(v)) continue;
    }
    [mean, c] = kahanInc(v / count - mean / count, mean, c);
  }
  return Number.isFinite(mean) ? mean + c : mean;
}

function stdvarOverTime(w: Window): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let j = w.lo; j < w.hi; j++) {
    const v = w.vs[j]!;
    count++;
    const delta = v - (mean + cMean);
    [mean, cMean] = kahanInc(delta / count, mean, cMean);
    [aux, cAux] = kahanInc(delta * (v - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

function sumOverTime(w: Window): number {
  let sum = 0;
  let c = 0;
  for (let j = w.lo; j < w.hi; j++) [sum, c] = kahanInc(w.vs[j]!, sum, c);
  return Number.isFinite(sum) ? sum + c : sum;
}

function minMax(w: Window, max: boolean): number {
  let r = w.vs[w.lo]!;
  for (let j = w.lo + 1; j < w.hi; j++) {
    const v = w.vs[j]!;
    if ((max ? v > r : v < r) || Number.isNaN(r)) r = v;
  }
  return r;
}

function changesOrResets(w: Window, resets: boolean): number {
  let count = 0;
  let prev = w.vs[w.lo]!;
  for (let j = w.lo + 1; j < w.hi; j++) {
    const cur = w.vs[j]!;
    if (resets ? cur < prev : cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) count++;
    prev = cur;
  }
  return count;
}

/** Range-vector functions: the kernel and how many samples a window needs to produce a value. */
export const RANGE_KERNELS: ReadonlyMap<string, { min: number; kernel: Kernel }> = new Map([
  ['rate', { min: 2, kernel: (w: Window) => extrapolatedRate(w, true, true) }],
  ['increase', { min: 2, kernel: (w: Window) => extrapolatedRate(w, true, false) }],
  ['delta', { min: 2, kernel: (w: Window) => extrapolatedRate(w, false, false) }],
  ['irate', { min: 2, kernel: (w: Window) => instantValue(w, true) }],
  ['idelta', { min: 2, kernel: (w: Window) => instantValue(w, false) }],
  ['deriv', { min: 2, kernel: (w: Window) => linearRegression(w, w.ts[w.lo]!)[0] }],
  [
    'predict_linear',
    {
      min: 2,
      kernel: (w: Window) => {
        const [slope, intercept] = linearRegression(w, w.evalMs);
        return slope * w.param + intercept;
      },
    },
  ],
  ['avg_over_time', { min: 1, kernel: avgOverTime }],
  ['sum_over_time', { min: 1, kernel: sumOverTime }],
  ['min_over_time', { min: 1, kernel: (w: Window) => minMax(w, false) }],
  ['max_over_time', { min: 1, kernel: (w: Window) => minMax(w, true) }],
  ['count_over_time', { min: 1, kernel: (w: Window) => w.hi - w.lo }],
  ['last_over_time', { min: 1, kernel: (w: Window) => w.vs[w.hi - 1]! }],
  ['present_over_time', { min: 1, kernel: () => 1 }],
  ['stdvar_over_time', { min: 1, kernel: stdvarOverTime }],
  ['stddev_over_time', { min: 1, kernel: (w: Window) => Math.sqrt(stdvarOverTime(w)) }],
  ['changes', { min: 1, kernel: (w: Window) => changesOrResets(w, false) }],
  ['resets', { min: 1, kernel: (w: Window) => changesOrResets(w, true) }],
  [
    'quantile_over_time',
    { min: 1, kernel: (w: Window) => quantile(w.param, Array.from(w.vs.subarray(w.lo, w.hi))) },
  ],
]);

/**
 * Applies a range-vector function at every step. Windows only move forward, so two indexes walk each
 * series once instead of searching per step. Output labels drop `__name__` (except for `last_over_time`), as in Prometheus.
 */
export function evalRangeFunction(
  ctx: EvalContext,
  name: string,
  input: RangeInput,
  param: Float64Array | undefined,
): StepSeries[] {
  const spec = RANGE_KERNELS.get(name)!;
  const times = ctx.times;
  const n = times.length;
  const out: StepSeries[] = [];
  const w: Window = {
    ts: new Float64Array(0),
    vs: new Float64Array(0),
    lo: 0,
    hi: 0,
    rangeStart: 0,
    rangeEnd: 0,
    rangeMs: input.rangeMs,
    evalMs: 0,
    param: 0,
    v3: ctx.v3Extrapolation,
    resets: new Int32Array(0),
  };
  const counter = name === 'rate' || name === 'increase';
  const isRate = name === 'rate';
  const atMs = input.atMs;
  const offsetMs = input.offsetMs;
  const rangeMs = input.rangeMs;
  const leftOpen = ctx.leftOpen;
  const min = spec.min;
  const kernel = spec.kernel;
  // Window ends per step are the same for every series: compute them once.
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) ends[i] = (atMs ?? times[i]!) - offsetMs;
  for (const s of input.series) {
    const ts = s.ts;
    const len = ts.length;
    w.ts = ts;
    w.vs = s.values;
    if (counter) w.resets = countResets(s.values, w.resets);
    let lo = 0;
    let hi = 0;
    let values: Float64Array | undefined;
    let present: Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      const end = ends[i]!;
      const start = end - rangeMs;
      if (atMs !== undefined) {
        lo = 0;
        hi = 0;
      }
      while (hi < len && ts[hi]! <= end) hi++;
      if (leftOpen) while (lo < hi && ts[lo]! <= start) lo++;
      else while (lo < hi && ts[lo]! < start) lo++;
      // Kernels read their whole window at every step: a long range at a fine step is a lot of samples.
      spend(1 + hi - lo);
      if (hi - lo < min) continue;
      if (values === undefined || present === undefined) {
        values = new Float64Array(n);
        present = new Uint8Array(n);
      }
      present[i] = 1;
      if (counter && w.resets[hi - 1] === w.resets[lo]) {
        const vs = s.values;
        values[i] = extrapolate(
          vs[hi - 1]! - vs[lo]!,
          ts,
          vs,
          lo,
          hi,
          start,
          end,
          rangeMs,
          true,
          isRate,
          w.v3,
        );
        continue;
      }
      w.lo = lo;
      w.hi = hi;
      w.rangeStart = start;
      w.rangeEnd = end;
      w.evalMs = times[i]!;
      w.param = param ? param[i]! : 0;
      values[i] = kernel(w);
    }
    // last_over_time keeps the metric name: it picks a sample rather than computing a new quantity.
    const labels = name === 'last_over_time' ? s.labels : withoutName(s.labels);
    if (values && present) out.push({ labels, values, present });
  }
  return out;
}

/** Fills (reusing `buf` when large enough) the running count of counter resets of `vs`. */
function countResets(vs: Float64Array, buf: Int32Array): Int32Array {
  const out = buf.length >= vs.length ? buf : new Int32Array(vs.length * 2);
  let count = 0;
  if (vs.length > 0) out[0] = 0;
  for (let j = 1; j < vs.length; j++) {
    if (vs[j]! < vs[j - 1]!) count++;
    out[j] = count;
  }
  return out;
}

/** `absent_over_time`: 1 at the steps where no series has a sample in its window. */
export function absentOverTime(ctx: EvalContext, input: RangeInput): Uint8Array {
  const n = ctx.times.length;
  const absent = new Uint8Array(n).fill(1);
  for (const s of input.series) {
    for (let i = 0; i < n; i++) {
      if (!absent[i]) continue;
      const end = (input.atMs ?? ctx.times[i]!) - input.offsetMs;
      const start = end - input.rangeMs;
      // Binary search: this runs rarely and windows may overlap arbitrarily.
      let a = 0;
      let b = s.ts.length;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (ctx.leftOpen ? s.ts[mid]! <= start : s.ts[mid]! < start) a = mid + 1;
        else b = mid;
      }
      if (a < s.ts.length && s.ts[a]! <= end) absent[i] = 0;
    }
  }
  return absent;
}
