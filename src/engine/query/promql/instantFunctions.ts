import type { Labels } from '../../world/labels.ts';
import { labelsKey, withoutName } from '../../world/labels.ts';
import { compileRegex } from '../regex.ts';
import type { CallNode } from './ast.ts';
import type { StepSeries } from './evalTypes.ts';
import { mergeSameLabels, newStepSeries, QueryEvalError } from './evalTypes.ts';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Element-wise math functions on instant vectors. */
export const MATH_FUNCTIONS: ReadonlyMap<string, (v: number) => number> = new Map<
  string,
  (v: number) => number
>([
  ['abs', Math.abs],
  ['ceil', Math.ceil],
  ['floor', Math.floor],
  ['exp', Math.exp],
  ['ln', Math.log],
  ['log2', Math.log2],
  ['log10', Math.log10],
  ['sqrt', Math.sqrt],
  ['sgn', (v) => (Number.isNaN(v) ? v : v > 0 ? 1 : v < 0 ? -1 : v)],
  ['acos', Math.acos],
  ['acosh', Math.acosh],
  ['asin', Math.asin],
  ['asinh', Math.asinh],
  ['atan', Math.atan],
  ['atanh', Math.atanh],
  ['cos', Math.cos],
  ['cosh', Math.cosh],
  ['sin', Math.sin],
  ['sinh', Math.sinh],
  ['tan', Math.tan],
  ['tanh', Math.tanh],
  ['deg', (v) => (v * 180) / Math.PI],
  ['rad', (v) => (v * Math.PI) / 180],
]);

/** Date functions: UTC calendar fields of a value read as Unix seconds. */
export const DATE_FUNCTIONS: ReadonlyMap<string, (d: Date) => number> = new Map<string, (d: Date) => number>([
  ['day_of_month', (d) => d.getUTCDate()],
  ['day_of_week', (d) => d.getUTCDay()],
  [
    'day_of_year',
    (d) =>
      Math.floor(
        (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) /
          86_400_000,
      ) + 1,
  ],
  ['days_in_month', (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()],
  ['hour', (d) => d.getUTCHours()],
  ['minute', (d) => d.getUTCMinutes()],
  ['month', (d) => d.getUTCMonth() + 1],
  ['year', (d) => d.getUTCFullYear()],
]);

/** Maps every present value through `f(value, step, seriesIndex)`; labels lose `__name__`. */
export function mapValues(
  node: CallNode,
  series: readonly StepSeries[],
  f: (v: number, i: number, k: number) => number,
): StepSeries[] {
  const out = series.map((s, k) => {
    const o = newStepSeries(withoutName(s.labels), s.values.length);
    for (let i = 0; i < s.values.length; i++) {
      if (!s.present[i]) continue;
      o.present[i] = 1;
      o.values[i] = f(s.values[i]!, i, k);
    }
    return o;
  });
  return mergeSameLabels(out, node, labelsKey);
}

/** Go's `regexp.Expand` template syntax: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    const braced = /^\{(\w+)\}/.exec(template.slice(i + 1));
    const bare = braced ? undefined : /^\w+/.exec(template.slice(i + 1));
    const name = braced?.[1] ?? bare?.[0];
    if (name === undefined) {
      out += '$';
      continue;
    }
    i += (braced?.[0] ?? bare?.[0] ?? '').length;
    const value = /^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name];
    out += value ?? '';
  }
  return out;
}

/** Sets a label, or removes it when the value is empty (Prometheus' `labels.Builder.Set`). */
function withLabel(labels: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...labels };
  if (value === '') delete out[name];
  else out[name] = value;
  return out;
}

function relabel(node: CallNode, series: readonly StepSeries[], f: (l: Labels) => Labels): StepSeries[] {
  const out = series.map((s) => ({
    labels: f(s.labels),
    values: s.values.slice(),
    present: s.present.slice(),
  }));
  return mergeSameLabels(out, node, labelsKey);
}

/** `label_replace(v, dst, replacement, src, regex)`. */
export function labelReplace(
  node: CallNode,
  series: readonly StepSeries[],
  args: readonly string[],
): StepSeries[] {
  const [dst = '', replacement = '', src = '', pattern = ''] = args;
  const compiled = compileRegex(pattern, { anchored: true });
  if (!compiled.ok)
    throw new QueryEvalError(node.from, node.to, `invalid regular expression in label_replace(): ${pattern}`);
  const re = compiled.regex;
  if (!LABEL_NAME.test(dst))
    throw new QueryEvalError(node.from, node.to, `invalid destination label name in label_replace(): ${dst}`);
  return relabel(node, series, (l) => {
    const m = re.exec(l[src] ?? '');
    return m ? withLabel(l, dst, expand(replacement, m)) : l;
  });
}

/** `label_join(v, dst, separator, src...)`. */
export function labelJoin(
  node: CallNode,
  series: readonly StepSeries[],
  args: readonly string[],
): StepSeries[] {
  const [dst = '', sep = '', ...srcs] = args;
  if (!LABEL_NAME.test(dst))
    throw new QueryEvalError(node.from, node.to, `invalid destination label name in label_join(): ${dst}`);
  for (const s of srcs) {
    if (!LABEL_NAME.test(s))
      throw new QueryEvalError(node.from, node.to, `invalid source label name in label_join(): ${s}`);
  }
  return relabel(node, series, (l) => withLabel(l, dst, srcs.map((s) => l[s] ?? '').join(sep)));
}

/** Labels `absent()` gives its result: the selector's equality matchers (a name used twice is dropped). */
export function absentLabels(matchers: readonly { name: string; op: string; value: string }[]): Labels {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const m of matchers) {
    if (m.name === '__name__' || m.op !== '=') continue;
    if (seen.has(m.name)) delete out[m.name];
    else out[m.name] = m.value;
    seen.add(m.name);
  }
  return out;
}

/** For instant queries, `sort` and `sort_desc` reorder the result; NaN goes first, as in Go. */
export function sortSeries(series: readonly StepSeries[], desc: boolean): StepSeries[] {
  return [...series].sort((a, b) => {
    const x = a.values[0]!;
    const y = b.values[0]!;
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
    if (Number.isNaN(y)) return 1;
    return desc ? y - x : x - y;
  });
}
