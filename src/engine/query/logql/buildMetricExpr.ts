import type { SyntaxNode } from '@lezer/common';
import type {
  BinaryExpr,
  BinaryOp,
  Grouping,
  LabelFilterExpr,
  MetricExpr,
  RangeAggregation,
  RangeOp,
  UnwrapExpr,
  VectorOp,
} from './ast.ts';
import type { BuildContext } from './buildContext.ts';
import { childrenOf, descendants, flattenList } from './buildContext.ts';
import { buildLabelFilter } from './buildLabelFilter.ts';
import { buildLogExpr } from './buildLogExpr.ts';

const RANGE_OPS: Readonly<Record<string, RangeOp>> = {
  CountOverTime: 'count_over_time',
  Rate: 'rate',
  RateCounter: 'rate_counter',
  BytesOverTime: 'bytes_over_time',
  BytesRate: 'bytes_rate',
  AvgOverTime: 'avg_over_time',
  SumOverTime: 'sum_over_time',
  MinOverTime: 'min_over_time',
  MaxOverTime: 'max_over_time',
  StddevOverTime: 'stddev_over_time',
  StdvarOverTime: 'stdvar_over_time',
  QuantileOverTime: 'quantile_over_time',
  FirstOverTime: 'first_over_time',
  LastOverTime: 'last_over_time',
  AbsentOverTime: 'absent_over_time',
};

/** Range functions that read numbers from a label and so need `| unwrap label`. */
const NEEDS_UNWRAP: ReadonlySet<RangeOp> = new Set([
  'avg_over_time',
  'sum_over_time',
  'min_over_time',
  'max_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'quantile_over_time',
  'first_over_time',
  'last_over_time',
  'rate_counter',
]);
/** Range functions that count lines or bytes and must not unwrap. */
const NO_UNWRAP: ReadonlySet<RangeOp> = new Set([
  'count_over_time',
  'bytes_over_time',
  'bytes_rate',
  'absent_over_time',
]);

const BIN_OPS: Readonly<Record<string, BinaryOp>> = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};

/** Prometheus' operator precedence; the grammar leaves it flat, so the builder re-associates. */
const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '>=': 3,
  '<': 3,
  '<=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '^': 6,
};

/** Builds a metric expression from a MetricExpr node. */
export function buildMetricExpr(ctx: BuildContext, node: SyntaxNode): MetricExpr | undefined {
  const kids = childrenOf(node);
  const inner = kids.find((k) => k.name !== '(' && k.name !== ')');
  if (!inner) {
    ctx.errorOn(node, 'expected a metric expression');
    return undefined;
  }
  const span = { from: node.from, to: node.to };
  switch (inner.name) {
    case 'MetricExpr':
      return buildMetricExpr(ctx, inner);
    case 'RangeAggregationExpr':
      return buildRange(ctx, inner);
    case 'VectorAggregationExpr':
      return buildVectorAgg(ctx, inner);
    case 'BinOpExpr':
      return buildBinary(ctx, inner);
    case 'LiteralExpr':
      return { kind: 'literal', value: literalValue(ctx, inner), ...span };
    case 'VectorExpr': {
      const num = inner.getChild('Number');
      return { kind: 'vector', value: num ? Number(ctx.src(num)) : 0, ...span };
    }
    case 'LabelReplaceExpr':
      return buildLabelReplace(ctx, inner);
    default:
      ctx.errorOn(inner, `unexpected ${JSON.stringify(ctx.src(inner))} in a metric query`);
      return undefined;
  }
}

/** Builds a MetricExpr from an `Expr` operand, refusing log queries where numbers are needed. */
function buildOperand(ctx: BuildContext, expr: SyntaxNode): MetricExpr | undefined {
  const metric = expr.getChild('MetricExpr');
  if (metric) return buildMetricExpr(ctx, metric);
  ctx.errorOn(
    expr,
    'a log query cannot be used in a binary operation: wrap it in a range aggregation such as count_over_time({…}[5m])',
  );
  return undefined;
}

function literalValue(ctx: BuildContext, node: SyntaxNode): number {
  const num = node.getChild('Number');
  const v = num ? Number(ctx.src(num)) : Number.NaN;
  return node.getChild('Sub') ? -v : v;
}

function buildGrouping(ctx: BuildContext, node: SyntaxNode | null): Grouping | undefined {
  if (!node) return undefined;
  const labels = flattenList(node.getChild('Labels'), 'Labels').map((l) => ctx.src(l));
  return { without: node.getChild('Without') !== null, labels };
}

function buildRange(ctx: BuildContext, node: SyntaxNode): RangeAggregation | undefined {
  const opNode = node.getChild('RangeOp')?.firstChild;
  const op = opNode ? RANGE_OPS[opNode.name] : undefined;
  let logRange = node.getChild('LogRangeExpr');
  while (logRange?.getChild('LogRangeExpr')) logRange = logRange.getChild('LogRangeExpr');
  const selector = logRange?.getChild('Selector');
  if (!op || !opNode || !logRange || !selector) {
    ctx.errorOn(node, 'expected a range aggregation such as count_over_time({app="api"}[5m])');
    return undefined;
  }
  const numNode = node.getChild('Number');
  const param = numNode ? Number(ctx.src(numNode)) : undefined;
  const log = buildLogExpr(ctx, selector, logRange.getChild('PipelineExpr'), logRange);
  const rangeMs = ctx.duration(logRange.getChild('Range')?.getChild('Duration') ?? null);
  const offsetNode = logRange.getChild('OffsetExpr')?.getChild('Duration') ?? null;
  const offsetMs = offsetNode ? ctx.duration(offsetNode) : 0;
  const unwrapNode = logRange.getChild('UnwrapExpr');
  const unwrap = unwrapNode ? buildUnwrap(ctx, unwrapNode) : undefined;
  const grouping = buildGrouping(ctx, node.getChild('Grouping'));
  let ok = log !== undefined && rangeMs !== undefined && offsetMs !== undefined && (!unwrapNode || !!unwrap);
  const fail = (n: SyntaxNode, message: string) => {
    ctx.errorOn(n, message);
    ok = false;
  };
  if (rangeMs !== undefined && rangeMs <= 0)
    fail(logRange, 'the range must be greater than zero, as in [5m]');
  if (op === 'rate_counter') fail(opNode, 'rate_counter is not supported in this game yet: use rate');
  if (op === 'quantile_over_time' && param === undefined)
    fail(opNode, 'quantile_over_time needs a quantile first, as in quantile_over_time(0.99, …)');
  if (op !== 'quantile_over_time' && numNode) fail(numNode, `${op} does not take a parameter`);
  if (NEEDS_UNWRAP.has(op) && !unwrapNode)
    fail(opNode, `invalid aggregation ${op} without unwrap: add | unwrap <label> before the range`);
  if (NO_UNWRAP.has(op) && unwrapNode)
    fail(unwrapNode, `invalid aggregation ${op} with unwrap: it counts lines or bytes, not label values`);
  if (grouping && !unwrapNode)
    fail(node.getChild('Grouping')!, `grouping not allowed for ${op} aggregation: use sum by (…) (${op}(…))`);
  if (!ok || !log || rangeMs === undefined || offsetMs === undefined) return undefined;
  return {
    kind: 'range',
    op,
    log,
    rangeMs,
    offsetMs,
    from: node.from,
    to: node.to,
    ...(param !== undefined && { param }),
    ...(unwrap && { unwrap }),
    ...(grouping && { grouping }),
  };
}

function buildUnwrap(ctx: BuildContext, node: SyntaxNode): UnwrapExpr | undefined {
  const postFilters: LabelFilterExpr[] = [];
  let cur: SyntaxNode = node;
  let ok = true;
  // `| unwrap x | f1 | f2` nests as UnwrapExpr(UnwrapExpr(UnwrapExpr(unwrap x) f1) f2).
  while (cur.getChild('UnwrapExpr')) {
    const f = cur.getChild('LabelFilter');
    const built = f ? buildLabelFilter(ctx, f) : undefined;
    if (built) postFilters.unshift(built);
    else ok = false;
    cur = cur.getChild('UnwrapExpr')!;
  }
  const label = cur.getChild('Identifier');
  const conv = cur.getChild('ConvOp')?.firstChild?.name;
  if (!label || !ok) return undefined;
  const conversion = conv === 'BytesConv' ? 'bytes' : conv === undefined ? 'none' : 'duration';
  return { label: ctx.src(label), conversion, postFilters, from: node.from, to: node.to };
}

function buildVectorAgg(ctx: BuildContext, node: SyntaxNode): MetricExpr | undefined {
  const opNode = node.getChild('VectorOp')?.firstChild;
  const op = opNode ? (opNode.name.toLowerCase() as VectorOp) : undefined;
  const exprNode = node.getChild('MetricExpr');
  if (!op || !opNode || !exprNode) {
    ctx.errorOn(node, 'expected an aggregation such as sum by (app) (rate({app="api"}[5m]))');
    return undefined;
  }
  const numNode = node.getChild('Number');
  const param = numNode ? Number(ctx.src(numNode)) : undefined;
  const expr = buildMetricExpr(ctx, exprNode);
  const grouping = buildGrouping(ctx, node.getChild('Grouping'));
  const takesParam = op === 'topk' || op === 'bottomk';
  if (takesParam && (param === undefined || !Number.isInteger(param) || param < 1)) {
    ctx.errorOn(numNode ?? opNode, `${op} needs a whole number of series first, as in ${op}(5, …)`);
    return undefined;
  }
  if (!takesParam && numNode) {
    ctx.errorOn(numNode, `${op} does not take a parameter`);
    return undefined;
  }
  if (!expr) return undefined;
  return {
    kind: 'vectorAgg',
    op,
    expr,
    from: node.from,
    to: node.to,
    ...(param !== undefined && { param }),
    ...(grouping && { grouping }),
  };
}

type Piece = { expr: SyntaxNode } | { op: BinaryOp; opNode: SyntaxNode; modifier: SyntaxNode | null };

function flattenBinary(node: SyntaxNode, out: Piece[]): void {
  for (const k of childrenOf(node)) {
    if (k.name === 'Expr') {
      const metric = k.getChild('MetricExpr');
      const nested = metric?.firstChild?.name === 'BinOpExpr' ? metric.firstChild : null;
      if (nested) flattenBinary(nested, out);
      else out.push({ expr: k });
    } else if (k.name in BIN_OPS) {
      out.push({ op: BIN_OPS[k.name]!, opNode: k, modifier: null });
    } else if (k.name === 'BinOpModifier') {
      const last = out[out.length - 1];
      if (last && 'op' in last) last.modifier = k;
    }
  }
}

function buildBinary(ctx: BuildContext, node: SyntaxNode): MetricExpr | undefined {
  const pieces: Piece[] = [];
  flattenBinary(node, pieces);
  const operands: (MetricExpr | undefined)[] = [];
  const ops: Extract<Piece, { op: BinaryOp }>[] = [];
  for (const p of pieces) {
    if ('expr' in p) operands.push(buildOperand(ctx, p.expr));
    else ops.push(p);
  }
  if (operands.length !== ops.length + 1 || operands.some((o) => o === undefined)) return undefined;
  let pos = 0;
  let opIndex = 0;
  let failed = false;
  // Precedence climbing over the flat operand/operator list; `^` is right-associative.
  const climb = (minPrec: number): MetricExpr => {
    let left = operands[pos++]!;
    while (opIndex < ops.length && PRECEDENCE[ops[opIndex]!.op] >= minPrec) {
      const piece = ops[opIndex++]!;
      const prec = PRECEDENCE[piece.op];
      const right = climb(piece.op === '^' ? prec : prec + 1);
      const made = makeBinary(ctx, piece, left, right);
      if (!made) failed = true;
      left = made ?? left;
    }
    return left;
  };
  const result = climb(0);
  return failed ? undefined : result;
}

function makeBinary(
  ctx: BuildContext,
  piece: Extract<Piece, { op: BinaryOp }>,
  left: MetricExpr,
  right: MetricExpr,
): BinaryExpr | undefined {
  const mod = piece.modifier;
  const returnBool = mod?.getChild('Bool') !== null && mod?.getChild('Bool') !== undefined;
  const comparison = PRECEDENCE[piece.op] === 3;
  if (returnBool && !comparison) {
    ctx.errorOn(piece.opNode, 'bool modifier can only be used on comparison operators');
    return undefined;
  }
  if (mod && (mod.getChild('GroupLeft') || mod.getChild('GroupRight'))) {
    ctx.errorOn(mod, 'group_left and group_right are not supported in this game yet');
    return undefined;
  }
  const onNode = mod?.getChild('OnOrIgnoringModifier');
  const scalar = (e: MetricExpr) => e.kind === 'literal';
  if (comparison && !returnBool && scalar(left) && scalar(right)) {
    ctx.errorOn(piece.opNode, 'comparisons between scalars must use BOOL modifier');
    return undefined;
  }
  if ((piece.op === 'and' || piece.op === 'or' || piece.op === 'unless') && (scalar(left) || scalar(right))) {
    ctx.errorOn(piece.opNode, `${piece.op} is only allowed between two metric queries, not with a number`);
    return undefined;
  }
  const matching = onNode
    ? {
        on: onNode.getChild('On') !== null,
        labels: descendants(onNode, 'LabelName').map((l) => ctx.src(l)),
      }
    : undefined;
  return {
    kind: 'binary',
    op: piece.op,
    returnBool,
    left,
    right,
    from: left.from,
    to: right.to,
    ...(matching && { matching }),
  };
}

function buildLabelReplace(ctx: BuildContext, node: SyntaxNode): MetricExpr | undefined {
  const exprNode = node.getChild('MetricExpr');
  const strings = node.getChildren('String');
  const expr = exprNode ? buildMetricExpr(ctx, exprNode) : undefined;
  const [dst, replacement, src] = strings.slice(0, 3).map((s) => ctx.string(s));
  const re = ctx.regex(strings[3] ?? null, true);
  if (!expr || dst === undefined || replacement === undefined || src === undefined || !re) return undefined;
  if (!/^[A-Za-z_]\w*$/.test(dst)) {
    ctx.errorOn(strings[0]!, `invalid destination label name in label_replace(): ${dst}`);
    return undefined;
  }
  return { kind: 'labelReplace', expr, dst, replacement, src, regex: re.regex, from: node.from, to: node.to };
}
