import { labelsKey, withoutName } from '../../world/labels.ts';
import { spend } from '../budget.ts';
import { aggregate } from './aggregations.ts';
import type { CallNode, Expr } from './ast.ts';
import { scalarBinop, setBinop, vectorBinop, vectorScalarBinop } from './binaryOps.ts';
import type { EvalContext, RangeInput, StepSeries, StepValue } from './evalTypes.ts';
import { assertDistinctLabels, mergeSameLabels, newStepSeries, QueryEvalError } from './evalTypes.ts';
import { histogramFraction, histogramQuantile } from './histogramQuantile.ts';
import {
  absentLabels,
  DATE_FUNCTIONS,
  labelJoin,
  labelReplace,
  MATH_FUNCTIONS,
  mapValues,
  sortSeries,
} from './instantFunctions.ts';
import { absentOverTime, evalRangeFunction, RANGE_KERNELS } from './rangeFunctions.ts';
import { evalVectorSelector, matrixInput, subqueryInput } from './selectors.ts';

function vectorOf(v: StepValue): readonly StepSeries[] {
  return v.type === 'vector' ? v.series : [];
}

function scalarOf(ctx: EvalContext, v: StepValue): Float64Array {
  return v.type === 'scalar' ? v.values : new Float64Array(ctx.times.length).fill(Number.NaN);
}

function stringOf(v: StepValue): string {
  return v.type === 'string' ? v.value : '';
}

function filled(n: number, v: number): Float64Array {
  return new Float64Array(n).fill(v);
}

/** A range-vector argument: a matrix selector or a subquery, looking through parentheses. */
function rangeInput(ctx: EvalContext, e: Expr): RangeInput {
  if (e.kind === 'paren') return rangeInput(ctx, e.expr);
  if (e.kind === 'matrixSelector') return matrixInput(ctx, e);
  if (e.kind === 'subquery') return subqueryInput(ctx, e, (sub) => evaluate(sub, e.expr));
  throw new QueryEvalError(e.from, e.to, 'expected a range vector');
}

/**
 * Evaluates an expression at every time in `ctx.times`. Type errors were ruled out by the type
 * checker; what remains (ambiguous matches, bad regexes in arguments) throws `QueryEvalError`, which the
 * public API turns into a positioned diagnostic.
 */
export function evaluate(ctx: EvalContext, e: Expr): StepValue {
  const value = evaluateNode(ctx, e);
  // A node's work grows with its series and steps; counted once it is done, so a check comes between nodes.
  spend(ctx.times.length * (value.type === 'vector' ? value.series.length + 1 : 1));
  return value;
}

function evaluateNode(ctx: EvalContext, e: Expr): StepValue {
  const n = ctx.times.length;
  switch (e.kind) {
    case 'number':
      return { type: 'scalar', values: filled(n, e.value) };
    case 'string':
      return { type: 'string', value: e.value };
    case 'paren':
      return evaluate(ctx, e.expr);
    case 'vectorSelector':
      return evalVectorSelector(ctx, e);
    case 'matrixSelector':
    case 'subquery':
      throw new QueryEvalError(
        e.from,
        e.to,
        'a range vector cannot be evaluated here; wrap it in a function such as rate()',
      );
    case 'unary': {
      const v = evaluate(ctx, e.expr);
      if (e.op === '+') return v;
      if (v.type === 'scalar') return { type: 'scalar', values: v.values.map((x) => -x) };
      const series = vectorOf(v).map((s) => ({
        labels: withoutName(s.labels),
        values: s.values.map((x) => -x),
        present: s.present,
      }));
      return { type: 'vector', series: mergeSameLabels(series, e, labelsKey) };
    }
    case 'binary': {
      const l = evaluate(ctx, e.lhs);
      const r = evaluate(ctx, e.rhs);
      if (l.type === 'scalar' && r.type === 'scalar')
        return { type: 'scalar', values: scalarBinop(e.op, l.values, r.values) };
      if (l.type === 'scalar')
        return { type: 'vector', series: vectorScalarBinop(e, vectorOf(r), l.values, true) };
      if (r.type === 'scalar')
        return { type: 'vector', series: vectorScalarBinop(e, vectorOf(l), r.values, false) };
      if (e.op === 'and' || e.op === 'or' || e.op === 'unless') {
        return { type: 'vector', series: setBinop(e, vectorOf(l), vectorOf(r), n) };
      }
      return { type: 'vector', series: vectorBinop(e, vectorOf(l), vectorOf(r), n) };
    }
    case 'aggregate': {
      const param = e.param ? evaluate(ctx, e.param) : undefined;
      const p = param?.type === 'string' ? param.value : param?.type === 'scalar' ? param.values : undefined;
      return { type: 'vector', series: aggregate(e, vectorOf(evaluate(ctx, e.expr)), n, p) };
    }
    case 'call':
      return evalCall(ctx, e);
  }
}

function evalCall(ctx: EvalContext, e: CallNode): StepValue {
  const n = ctx.times.length;
  const name = e.name;
  const args = e.args;
  if (RANGE_KERNELS.has(name)) {
    const matrixArg = name === 'quantile_over_time' ? 1 : 0;
    const paramArg = name === 'quantile_over_time' ? 0 : name === 'predict_linear' ? 1 : -1;
    const param = paramArg >= 0 ? scalarOf(ctx, evaluate(ctx, args[paramArg]!)) : undefined;
    const series = evalRangeFunction(ctx, name, rangeInput(ctx, args[matrixArg]!), param);
    assertDistinctLabels(series, e, labelsKey);
    return { type: 'vector', series };
  }
  if (name === 'absent_over_time') {
    const arg = args[0]!;
    const absent = absentOverTime(ctx, rangeInput(ctx, arg));
    const inner = arg.kind === 'matrixSelector' ? arg.selector : undefined;
    return absentResult(absent, inner ? absentLabels(inner.matchers) : {});
  }
  const math = MATH_FUNCTIONS.get(name);
  if (math) return { type: 'vector', series: mapValues(e, vectorOf(evaluate(ctx, args[0]!)), math) };
  const date = DATE_FUNCTIONS.get(name);
  if (date) {
    const input = args[0]
      ? vectorOf(evaluate(ctx, args[0]))
      : [{ labels: {}, values: ctx.times.map((t) => t / 1000), present: new Uint8Array(n).fill(1) }];
    return {
      type: 'vector',
      series: mapValues(e, input, (v) => (Number.isFinite(v) ? date(new Date(v * 1000)) : Number.NaN)),
    };
  }
  switch (name) {
    case 'time':
      return { type: 'scalar', values: ctx.times.map((t) => t / 1000) };
    case 'pi':
      return { type: 'scalar', values: filled(n, Math.PI) };
    case 'vector': {
      const v = scalarOf(ctx, evaluate(ctx, args[0]!));
      return { type: 'vector', series: [{ labels: {}, values: v, present: new Uint8Array(n).fill(1) }] };
    }
    case 'scalar': {
      const series = vectorOf(evaluate(ctx, args[0]!));
      const out = filled(n, Number.NaN);
      for (let i = 0; i < n; i++) {
        let found = 0;
        for (const s of series) {
          if (!s.present[i]) continue;
          found++;
          out[i] = s.values[i]!;
        }
        if (found !== 1) out[i] = Number.NaN;
      }
      return { type: 'scalar', values: out };
    }
    case 'absent': {
      const series = vectorOf(evaluate(ctx, args[0]!));
      const absent = new Uint8Array(n).fill(1);
      for (const s of series) for (let i = 0; i < n; i++) if (s.present[i]) absent[i] = 0;
      const arg = args[0]!;
      return absentResult(absent, arg.kind === 'vectorSelector' ? absentLabels(arg.matchers) : {});
    }
    case 'timestamp': {
      let arg = args[0]!;
      while (arg.kind === 'paren') arg = arg.expr;
      if (arg.kind === 'vectorSelector') {
        const series = vectorOf(evalVectorSelector(ctx, arg, true));
        return {
          type: 'vector',
          series: mapValues(e, series, (_v, i, k) => series[k]!.sampleTs![i]! / 1000),
        };
      }
      return {
        type: 'vector',
        series: mapValues(e, vectorOf(evaluate(ctx, arg)), (_v, i) => ctx.times[i]! / 1000),
      };
    }
    case 'clamp':
    case 'clamp_min':
    case 'clamp_max': {
      const series = vectorOf(evaluate(ctx, args[0]!));
      const a = scalarOf(ctx, evaluate(ctx, args[1]!));
      const b = args[2] ? scalarOf(ctx, evaluate(ctx, args[2])) : undefined;
      if (name === 'clamp') {
        // Prometheus returns nothing at steps where min > max.
        const out = mapValues(e, series, (v, i) => Math.max(a[i]!, Math.min(b![i]!, v)));
        for (const o of out) for (let i = 0; i < n; i++) if (a[i]! > b![i]!) o.present[i] = 0;
        return { type: 'vector', series: out.filter((o) => o.present.includes(1)) };
      }
      const f = name === 'clamp_min' ? Math.max : Math.min;
      return { type: 'vector', series: mapValues(e, series, (v, i) => (Number.isNaN(v) ? v : f(a[i]!, v))) };
    }
    case 'round': {
      const series = vectorOf(evaluate(ctx, args[0]!));
      const to = args[1] ? scalarOf(ctx, evaluate(ctx, args[1])) : filled(n, 1);
      return {
        type: 'vector',
        series: mapValues(e, series, (v, i) => {
          const inv = 1 / to[i]!;
          return Math.floor(v * inv + 0.5) / inv;
        }),
      };
    }
    case 'sort':
    case 'sort_desc': {
      const series = vectorOf(evaluate(ctx, args[0]!));
      return { type: 'vector', series: n === 1 ? sortSeries(series, name === 'sort_desc') : series };
    }
    case 'histogram_quantile': {
      const q = scalarOf(ctx, evaluate(ctx, args[0]!));
      return { type: 'vector', series: histogramQuantile(q, vectorOf(evaluate(ctx, args[1]!)), n) };
    }
    case 'histogram_fraction': {
      const lower = scalarOf(ctx, evaluate(ctx, args[0]!));
      const upper = scalarOf(ctx, evaluate(ctx, args[1]!));
      return {
        type: 'vector',
        series: histogramFraction(lower, upper, vectorOf(evaluate(ctx, args[2]!)), n),
      };
    }
    case 'label_replace':
    case 'label_join': {
      const series = vectorOf(evaluate(ctx, args[0]!));
      const strs = args.slice(1).map((a) => stringOf(evaluate(ctx, a)));
      return {
        type: 'vector',
        series: name === 'label_replace' ? labelReplace(e, series, strs) : labelJoin(e, series, strs),
      };
    }
    default:
      throw new QueryEvalError(e.from, e.to, `function "${name}" is not supported`);
  }
}

function absentResult(absent: Uint8Array, labels: StepSeries['labels']): StepValue {
  if (!absent.includes(1)) return { type: 'vector', series: [] };
  const s = newStepSeries(labels, absent.length);
  s.present.set(absent);
  s.values.fill(1);
  return { type: 'vector', series: [s] };
}
