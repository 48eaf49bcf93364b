import type { Matcher, Series } from '../../world/metricStore.ts';
import type { Regex } from '../regex.ts';
import { compileRegex, describeRegexError } from '../regex.ts';
import type { AtModifier, MatrixSelectorNode, SubqueryNode, VectorSelectorNode } from './ast.ts';
import type { EvalContext, RangeInput, RangeSeries, StepSeries, StepValue } from './evalTypes.ts';
import { compareSortKeys, QueryEvalError, sortKey } from './evalTypes.ts';

/** Most evaluation points one query may touch in subqueries before it is stopped. */
const MAX_SUBQUERY_POINTS = 5_000_000;

/** Resolves an `@` modifier to milliseconds. */
export function resolveAt(ctx: EvalContext, at: AtModifier | undefined): number | undefined {
  if (!at) return undefined;
  if (at.kind === 'start') return ctx.queryStartMs;
  if (at.kind === 'end') return ctx.queryEndMs;
  return at.ms;
}

/**
 * Series matching a selector, ordered by labels as Prometheus' storage returns them. Regex matchers
 * are applied here (not by the store) so RE2 flag groups such as `(?i)` work.
 */
export function selectSeries(ctx: EvalContext, node: VectorSelectorNode): Series[] {
  const plain: Matcher[] = [];
  const regexes: { name: string; re: Regex; negate: boolean }[] = [];
  for (const m of node.matchers) {
    if (m.op === '=' || m.op === '!=') {
      plain.push(m);
      continue;
    }
    const re = compileRegex(m.value, { anchored: true });
    if (!re.ok)
      throw new QueryEvalError(
        node.from,
        node.to,
        `invalid regular expression ${JSON.stringify(m.value)}: ${describeRegexError(re)}`,
      );
    regexes.push({ name: m.name, re: re.regex, negate: m.op === '!~' });
  }
  const found = ctx.store
    .select(plain)
    .filter((s) => regexes.every((r) => r.re.test(s.labels[r.name] ?? '') !== r.negate));
  // Sort keys are built once per series so the sort compares flat arrays, not label objects.
  const keyed = found.map((s) => ({ s, key: sortKey(s.labels) }));
  keyed.sort((a, b) => compareSortKeys(a.key, b.key));
  return keyed.map((k) => k.s);
}

/**
 * An instant vector selector at every step: the newest sample at or before the step time (minus
 * offset), if it is no older than the lookback delta; otherwise the series is absent at that step.
 */
export function evalVectorSelector(ctx: EvalContext, node: VectorSelectorNode, keepTs = false): StepValue {
  const times = ctx.times;
  const n = times.length;
  const atMs = resolveAt(ctx, node.at);
  const out: StepSeries[] = [];
  for (const s of selectSeries(ctx, node)) {
    const values = new Float64Array(n);
    const present = new Uint8Array(n);
    const sampleTs = keepTs ? new Float64Array(n) : undefined;
    const ts = s.ts;
    const len = ts.length;
    let j = 0; // first index with ts > ref
    let any = false;
    for (let i = 0; i < n; i++) {
      const ref = (atMs ?? times[i]!) - node.offsetMs;
      if (atMs !== undefined) j = upperBound(ts, ref);
      else while (j < len && ts[j]! <= ref) j++;
      if (j === 0) continue;
      const t = ts[j - 1]!;
      const oldest = ref - ctx.lookbackMs;
      if (ctx.leftOpen ? t <= oldest : t < oldest) continue;
      values[i] = s.values[j - 1]!;
      present[i] = 1;
      if (sampleTs) sampleTs[i] = t;
      any = true;
    }
    if (any)
      out.push(
        sampleTs ? { labels: s.labels, values, present, sampleTs } : { labels: s.labels, values, present },
      );
  }
  return { type: 'vector', series: out };
}

/** First index in `ts` whose value is greater than `t`. */
export function upperBound(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A range vector selector as the input of a function: the raw series and their window. */
export function matrixInput(ctx: EvalContext, node: MatrixSelectorNode): RangeInput {
  return {
    series: selectSeries(ctx, node.selector),
    rangeMs: node.rangeMs,
    offsetMs: node.selector.offsetMs,
    atMs: resolveAt(ctx, node.selector.at),
  };
}

/**
 * A subquery as the input of a function. The inner expression is evaluated once over all the steps
 * that any outer window needs, at times aligned to multiples of the subquery step (Prometheus aligns
 * them to the epoch, not to the query start).
 */
export function subqueryInput(
  ctx: EvalContext,
  node: SubqueryNode,
  evaluate: (ctx: EvalContext) => StepValue,
): RangeInput {
  const step = node.stepMs ?? ctx.defaultSubqueryStepMs;
  const atMs = resolveAt(ctx, node.at);
  const first = atMs ?? ctx.times[0] ?? 0;
  const last = atMs ?? ctx.times[ctx.times.length - 1] ?? 0;
  const lowest = first - node.offsetMs - node.rangeMs;
  let start = step * Math.trunc(lowest / step);
  if (start < lowest) start += step;
  const end = last - node.offsetMs;
  const count = end < start ? 0 : Math.floor((end - start) / step) + 1;
  ctx.budget.points += count;
  if (ctx.budget.points > MAX_SUBQUERY_POINTS) {
    throw new QueryEvalError(
      node.from,
      node.to,
      'subquery has too many steps: use a larger step or a shorter range',
    );
  }
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = start + i * step;
  const inner = evaluate({ ...ctx, times });
  const series: RangeSeries[] = [];
  if (inner.type === 'vector') {
    for (const s of inner.series) {
      let k = 0;
      for (let i = 0; i < count; i++) if (s.present[i]) k++;
      const ts = new Float64Array(k);
      const values = new Float64Array(k);
      k = 0;
      for (let i = 0; i < count; i++) {
        if (!s.present[i]) continue;
        ts[k] = times[i]!;
        values[k++] = s.values[i]!;
      }
      series.push({ labels: s.labels, ts, values });
    }
  }
  return { series, rangeMs: node.rangeMs, offsetMs: node.offsetMs, atMs };
}
