import type { Labels } from '../../world/labels.ts';
import { labelsKey, withoutName } from '../../world/labels.ts';
import type { BinaryNode, BinaryOp } from './ast.ts';
import { isComparison } from './ast.ts';
import type { StepSeries } from './evalTypes.ts';
import { dropLabels, keepLabels, mergeSameLabels, newStepSeries, QueryEvalError } from './evalTypes.ts';

/** Go's `math.Pow` where it differs from `**`: 1^y and (-1)^±Inf are 1. */
function pow(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

/**
 * One arithmetic or comparison step, as Prometheus' `vectorElemBinop`: the value, and whether a
 * comparison kept the element (comparisons return the left value).
 */
export function elemBinop(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case '+':
      return [l + r, true];
    case '-':
      return [l - r, true];
    case '*':
      return [l * r, true];
    case '/':
      return [l / r, true];
    case '%':
      return [l % r, true];
    case '^':
      return [pow(l, r), true];
    case 'atan2':
      return [Math.atan2(l, r), true];
    case '==':
      return [l, l === r];
    case '!=':
      return [l, l !== r];
    case '>':
      return [l, l > r];
    case '<':
      return [l, l < r];
    case '>=':
      return [l, l >= r];
    case '<=':
      return [l, l <= r];
    default:
      return [Number.NaN, false];
  }
}

/** scalar op scalar at every step (comparisons carry `bool`, checked by the type checker). */
export function scalarBinop(op: BinaryOp, a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const [v, keep] = elemBinop(op, a[i]!, b[i]!);
    out[i] = isComparison(op) ? (keep ? 1 : 0) : v;
  }
  return out;
}

/** vector op scalar (or scalar op vector when `swap`), as Prometheus' `VectorscalarBinop`. */
export function vectorScalarBinop(
  node: BinaryNode,
  vec: readonly StepSeries[],
  scalar: Float64Array,
  swap: boolean,
): StepSeries[] {
  const cmp = isComparison(node.op);
  const dropName = !cmp || node.returnBool;
  const out: StepSeries[] = [];
  for (const s of vec) {
    const o = newStepSeries(dropName ? withoutName(s.labels) : s.labels, s.values.length);
    let any = false;
    for (let i = 0; i < s.values.length; i++) {
      if (!s.present[i]) continue;
      const lv = swap ? scalar[i]! : s.values[i]!;
      const rv = swap ? s.values[i]! : scalar[i]!;
      let [value, keep] = elemBinop(node.op, lv, rv);
      if (cmp && swap) value = rv;
      if (node.returnBool) {
        value = keep ? 1 : 0;
        keep = true;
      }
      if (!keep) continue;
      o.values[i] = value;
      o.present[i] = 1;
      any = true;
    }
    if (any) out.push(o);
  }
  return dropName ? mergeSameLabels(out, node, labelsKey) : out;
}

/** Prometheus' `labels.String()`: `{a="1", b="2"}`. */
function formatLabels(l: Labels): string {
  return `{${Object.keys(l)
    .sort()
    .map((k) => `${k}=${JSON.stringify(l[k])}`)
    .join(', ')}}`;
}

function signatureOf(node: BinaryNode): (l: Labels) => string {
  const m = node.matching;
  const names = [...(m?.labels ?? [])].sort();
  if (m?.on) return (l) => names.map((n) => l[n] ?? '').join('\xff');
  return (l) => labelsKey(dropLabels(l, [...names, '__name__']));
}

/** `and`, `or`, `unless` between two vectors, per step. */
export function setBinop(
  node: BinaryNode,
  lhs: readonly StepSeries[],
  rhs: readonly StepSeries[],
  n: number,
): StepSeries[] {
  const sig = signatureOf(node);
  const presence = (side: readonly StepSeries[]) => {
    const bySig = new Map<string, Uint8Array>();
    for (const s of side) {
      const k = sig(s.labels);
      let p = bySig.get(k);
      if (!p) {
        p = new Uint8Array(n);
        bySig.set(k, p);
      }
      for (let i = 0; i < n; i++) if (s.present[i]) p[i] = 1;
    }
    return bySig;
  };
  const filter = (side: readonly StepSeries[], other: Map<string, Uint8Array>, keepIfOther: boolean) => {
    const out: StepSeries[] = [];
    for (const s of side) {
      const p = other.get(sig(s.labels));
      const o = newStepSeries(s.labels, n);
      let any = false;
      for (let i = 0; i < n; i++) {
        if (!s.present[i] || (p?.[i] === 1) !== keepIfOther) continue;
        o.present[i] = 1;
        o.values[i] = s.values[i]!;
        any = true;
      }
      if (any) out.push(o);
    }
    return out;
  };
  if (node.op === 'and') return filter(lhs, presence(rhs), true);
  if (node.op === 'unless') return filter(lhs, presence(rhs), false);
  return [...lhs, ...filter(rhs, presence(lhs), false)];
}

function resultLabels(node: BinaryNode, ls: Labels, rs: Labels): Labels {
  const m = node.matching;
  let out: Record<string, string> = { ...ls };
  if (!isComparison(node.op) || node.returnBool) delete out.__name__;
  const card = m?.card ?? 'one-to-one';
  if (card === 'one-to-one') {
    if (m?.on) out = { ...keepLabels(out, m.labels) };
    else if (m) out = { ...dropLabels(out, m.labels) };
  }
  for (const name of m?.include ?? []) {
    const v = rs[name];
    if (v !== undefined && v !== '') out[name] = v;
    else delete out[name];
  }
  return out;
}

/**
 * Arithmetic and comparison between two vectors with `on`/`ignoring` and `group_left`/`group_right`,
 * as Prometheus' `VectorBinop`, with its errors for ambiguous matches.
 */
export function vectorBinop(
  node: BinaryNode,
  lhsIn: readonly StepSeries[],
  rhsIn: readonly StepSeries[],
  n: number,
): StepSeries[] {
  const card = node.matching?.card ?? 'one-to-one';
  const [lhs, rhs] = card === 'one-to-many' ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const sig = signatureOf(node);
  const rhsSig = rhs.map((s) => sig(s.labels));
  const bySig = new Map<string, number[]>();
  rhs.forEach((_, r) => {
    const list = bySig.get(rhsSig[r]!);
    if (list) list.push(r);
    else bySig.set(rhsSig[r]!, [r]);
  });
  const ambiguous = [...bySig.values()].filter((list) => list.length > 1);
  const lhsSig = lhs.map((s) => sig(s.labels));
  const outputs = new Map<string, StepSeries>();
  const pairOutput = new Map<number, StepSeries>();
  const matchedAt = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    for (const list of ambiguous) {
      const here = list.filter((r) => rhs[r]!.present[i]);
      if (here.length > 1) {
        const side = card === 'one-to-many' ? 'left' : 'right';
        const a = rhs[here[1]!]!.labels;
        const match = node.matching?.on
          ? keepLabels(a, node.matching.labels)
          : dropLabels(a, [...(node.matching?.labels ?? []), '__name__']);
        throw new QueryEvalError(
          node.from,
          node.to,
          `found duplicate series for the match group ${formatLabels(match)} on the ${side} hand-side of the operation: [${formatLabels(a)}, ${formatLabels(rhs[here[0]!]!.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
    }
    for (let a = 0; a < lhs.length; a++) {
      const ls = lhs[a]!;
      if (!ls.present[i]) continue;
      const candidates = bySig.get(lhsSig[a]!);
      if (!candidates) continue;
      const r = candidates.length === 1 ? candidates[0]! : candidates.find((c) => rhs[c]!.present[i]);
      if (r === undefined || !rhs[r]!.present[i]) continue;
      const rs = rhs[r]!;
      let vl = ls.values[i]!;
      let vr = rs.values[i]!;
      if (card === 'one-to-many') [vl, vr] = [vr, vl];
      let [value, keep] = elemBinop(node.op, vl, vr);
      if (node.returnBool) {
        value = keep ? 1 : 0;
        keep = true;
      } else if (!keep) continue;
      if (card === 'one-to-one') {
        if (matchedAt.get(lhsSig[a]!) === i) {
          throw new QueryEvalError(
            node.from,
            node.to,
            'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
          );
        }
        matchedAt.set(lhsSig[a]!, i);
      }
      const pairKey = a * rhs.length + r;
      let o = pairOutput.get(pairKey);
      if (!o) {
        const labels = resultLabels(node, ls.labels, rs.labels);
        const key = labelsKey(labels);
        o = outputs.get(key);
        if (!o) {
          o = newStepSeries(labels, n);
          outputs.set(key, o);
        }
        pairOutput.set(pairKey, o);
      }
      if (o.present[i]) {
        throw new QueryEvalError(
          node.from,
          node.to,
          'multiple matches for matching labels grouping labels must ensure unique matches',
        );
      }
      o.present[i] = 1;
      o.values[i] = value;
    }
  }
  return [...outputs.values()];
}
