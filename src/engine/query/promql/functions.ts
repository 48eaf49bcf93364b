import type { ValueType } from './ast.ts';

/**
 * A function's signature, as Prometheus' `parser.Functions` declares it. `variadic` is 0 for a fixed
 * arity, n > 0 when the last n arguments are optional, and -1 when the last argument may repeat.
 */
export interface FunctionSignature {
  readonly name: string;
  readonly argTypes: readonly ValueType[];
  readonly variadic: number;
  readonly returnType: ValueType;
}

function fn(name: string, argTypes: ValueType[], returnType: ValueType, variadic = 0): FunctionSignature {
  return { name, argTypes, variadic, returnType };
}

const MATH = [
  'abs',
  'ceil',
  'floor',
  'exp',
  'ln',
  'log2',
  'log10',
  'sqrt',
  'sgn',
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atanh',
  'cos',
  'cosh',
  'sin',
  'sinh',
  'tan',
  'tanh',
  'deg',
  'rad',
];

const OVER_TIME = [
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'present_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'absent_over_time',
  'changes',
  'resets',
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
];

const DATE = [
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'hour',
  'minute',
  'month',
  'year',
];

/** Every function this evaluator implements, by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(
  [
    ...MATH.map((n) => fn(n, ['vector'], 'vector')),
    ...OVER_TIME.map((n) => fn(n, ['matrix'], 'vector')),
    ...DATE.map((n) => fn(n, ['vector'], 'vector', 1)),
    fn('quantile_over_time', ['scalar', 'matrix'], 'vector'),
    fn('predict_linear', ['matrix', 'scalar'], 'vector'),
    fn('absent', ['vector'], 'vector'),
    fn('clamp', ['vector', 'scalar', 'scalar'], 'vector'),
    fn('clamp_min', ['vector', 'scalar'], 'vector'),
    fn('clamp_max', ['vector', 'scalar'], 'vector'),
    fn('round', ['vector', 'scalar'], 'vector', 1),
    fn('histogram_quantile', ['scalar', 'vector'], 'vector'),
    fn('histogram_fraction', ['scalar', 'scalar', 'vector'], 'vector'),
    fn('label_replace', ['vector', 'string', 'string', 'string', 'string'], 'vector'),
    fn('label_join', ['vector', 'string', 'string', 'string'], 'vector', -1),
    fn('pi', [], 'scalar'),
    fn('scalar', ['vector'], 'scalar'),
    fn('sort', ['vector'], 'vector'),
    fn('sort_desc', ['vector'], 'vector'),
    fn('time', [], 'scalar'),
    fn('timestamp', ['vector'], 'vector'),
    fn('vector', ['scalar'], 'vector'),
  ].map((f) => [f.name, f]),
);

/** Checks a call's argument count; returns Prometheus' message when it is wrong. */
export function arityError(sig: FunctionSignature, got: number): string | undefined {
  const n = sig.argTypes.length;
  if (sig.variadic === 0) {
    if (got !== n) return `expected ${n} argument(s) in call to "${sig.name}", got ${got}`;
    return undefined;
  }
  const min = sig.variadic > 0 ? n - sig.variadic : n - 1;
  if (got < min) return `expected at least ${min} argument(s) in call to "${sig.name}", got ${got}`;
  if (sig.variadic > 0 && got > n) {
    return `expected at most ${n} argument(s) in call to "${sig.name}", got ${got}`;
  }
  return undefined;
}

/** The declared type of argument `i` (repeating the last for variadic functions). */
export function argType(sig: FunctionSignature, i: number): ValueType {
  return sig.argTypes[Math.min(i, sig.argTypes.length - 1)] ?? 'vector';
}
