import type { Matcher } from '../../world/metricStore.ts';

/** The four PromQL value types, named as Prometheus' type errors name them. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Human names for value types, as they appear in Prometheus' messages ("range vector", …). */
export const TYPE_NAMES: Readonly<Record<ValueType, string>> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
  string: 'string',
};

/** Character offsets of a node in the query text. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** An `@` modifier: a fixed time in milliseconds, or the query's `start()`/`end()`. */
export type AtModifier =
  | { readonly kind: 'time'; readonly ms: number }
  | { readonly kind: 'start' }
  | { readonly kind: 'end' };

/** `metric{label="value"}`, possibly with `offset` and `@`. */
export interface VectorSelectorNode extends Span {
  readonly kind: 'vectorSelector';
  readonly name: string | undefined;
  readonly matchers: readonly Matcher[];
  offsetMs: number;
  at: AtModifier | undefined;
}

/** `selector[5m]`; offset and `@` live on the inner selector, as in Prometheus. */
export interface MatrixSelectorNode extends Span {
  readonly kind: 'matrixSelector';
  readonly selector: VectorSelectorNode;
  readonly rangeMs: number;
}

/** `expr[30m:1m]`; `stepMs` is undefined when the step is left to the default. */
export interface SubqueryNode extends Span {
  readonly kind: 'subquery';
  readonly expr: Expr;
  readonly rangeMs: number;
  readonly stepMs: number | undefined;
  offsetMs: number;
  at: AtModifier | undefined;
}

/** A function call such as `rate(x[5m])`. */
export interface CallNode extends Span {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expr[];
}

/** Aggregation operators: `sum`, `topk`, `count_values`, … */
export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'count'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'quantile'
  | 'count_values';

/** `sum by (a) (expr)`; `param` is the first argument of `topk`, `quantile`, `count_values`. */
export interface AggregateNode extends Span {
  readonly kind: 'aggregate';
  readonly op: AggregateOp;
  readonly param: Expr | undefined;
  readonly expr: Expr;
  readonly grouping: readonly string[];
  readonly without: boolean;
}

/** Binary operators, spelled as in queries. */
export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | 'atan2'
  | '=='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | 'and'
  | 'or'
  | 'unless';

/** `on`/`ignoring` and `group_left`/`group_right` of a binary expression between vectors. */
export interface VectorMatching {
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  readonly on: boolean;
  readonly labels: readonly string[];
  readonly include: readonly string[];
}

/** `lhs op rhs`, with `bool` and vector matching. */
export interface BinaryNode extends Span {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  readonly matching: VectorMatching | undefined;
}

/** `-expr` or `+expr`. */
export interface UnaryNode extends Span {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly expr: Expr;
}

/** `(expr)`. */
export interface ParenNode extends Span {
  readonly kind: 'paren';
  readonly expr: Expr;
}

/** A number literal: decimal, hex, `Inf`, `NaN`, or a duration in seconds. */
export interface NumberNode extends Span {
  readonly kind: 'number';
  readonly value: number;
}

/** A string literal (only valid as a function argument or at the top level). */
export interface StringNode extends Span {
  readonly kind: 'string';
  readonly value: string;
}

/** Any PromQL expression. */
export type Expr =
  | VectorSelectorNode
  | MatrixSelectorNode
  | SubqueryNode
  | CallNode
  | AggregateNode
  | BinaryNode
  | UnaryNode
  | ParenNode
  | NumberNode
  | StringNode;

/** Comparison operators (they filter unless `bool` is given). */
export function isComparison(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

/** Set operators, which work on label sets rather than values. */
export function isSetOperator(op: BinaryOp): boolean {
  return op === 'and' || op === 'or' || op === 'unless';
}
