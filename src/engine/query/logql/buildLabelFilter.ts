import type { SyntaxNode } from '@lezer/common';
import type { CompareOp, LabelFilterExpr, SelectorMatcher } from './ast.ts';
import type { BuildContext } from './buildContext.ts';
import { childrenOf } from './buildContext.ts';
import { parseBytes } from './literals.ts';

const MATCH_OPS: Readonly<Record<string, SelectorMatcher['op']>> = {
  Eq: '=',
  Neq: '!=',
  Re: '=~',
  Nre: '!~',
};

const COMPARE_OPS: Readonly<Record<string, CompareOp>> = {
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
  Eql: '==',
  Eq: '==',
  Neq: '!=',
};

/** Builds a `name op "value"` matcher, as used by stream selectors, label filters, `drop` and `keep`. */
export function buildMatcher(ctx: BuildContext, node: SyntaxNode): SelectorMatcher | undefined {
  const kids = childrenOf(node);
  const nameNode = kids.find((k) => k.name === 'Identifier');
  const opNode = kids.find((k) => k.name in MATCH_OPS);
  const valueNode = kids.find((k) => k.name === 'String') ?? null;
  if (!nameNode || !opNode || !valueNode) {
    ctx.errorOn(node, 'expected a matcher such as app="api"');
    return undefined;
  }
  const op = MATCH_OPS[opNode.name]!;
  const name = ctx.src(nameNode);
  if (op === '=~' || op === '!~') {
    const re = ctx.regex(valueNode, true);
    if (!re) return undefined;
    return { name, op, value: re.source, regex: re.regex, from: node.from, to: node.to };
  }
  const value = ctx.string(valueNode);
  if (value === undefined) return undefined;
  return { name, op, value, from: node.from, to: node.to };
}

/** Builds a label filter expression (`status >= 500 and duration > 1s`, `level=~"err.*"`, …). */
export function buildLabelFilter(ctx: BuildContext, node: SyntaxNode): LabelFilterExpr | undefined {
  const kids = childrenOf(node);
  const subFilters = kids.filter((k) => k.name === 'LabelFilter');
  if (subFilters.length === 2) {
    const left = buildLabelFilter(ctx, subFilters[0]!);
    const right = buildLabelFilter(ctx, subFilters[1]!);
    if (!left || !right) return undefined;
    // `a, b` is the same as `a and b`.
    const type = kids.some((k) => k.name === 'Or') ? 'or' : 'and';
    return { type, left, right, from: node.from, to: node.to };
  }
  if (subFilters.length === 1) return buildLabelFilter(ctx, subFilters[0]!);
  const inner = kids[0];
  if (!inner) {
    ctx.errorOn(node, 'expected a label filter such as status >= 500');
    return undefined;
  }
  switch (inner.name) {
    case 'Matcher': {
      const matcher = buildMatcher(ctx, inner);
      return matcher && { type: 'string', matcher, from: inner.from, to: inner.to };
    }
    case 'UnitFilter':
      return buildComparison(ctx, childrenOf(inner)[0] ?? inner);
    case 'NumberFilter':
      return buildComparison(ctx, inner);
    case 'IpLabelFilter':
      ctx.errorOn(
        inner,
        'ip() label filters are not supported in this game yet: use a regex such as addr=~"10\\\\..*"',
      );
      return undefined;
    default:
      ctx.errorOn(inner, 'expected a label filter such as status >= 500');
      return undefined;
  }
}

function buildComparison(ctx: BuildContext, node: SyntaxNode): LabelFilterExpr | undefined {
  const kids = childrenOf(node);
  const nameNode = kids.find((k) => k.name === 'Identifier');
  const opNode = kids.find((k) => k.name in COMPARE_OPS);
  const valueNode = kids[kids.length - 1];
  if (!nameNode || !opNode || !valueNode) {
    ctx.errorOn(node, 'expected a comparison such as status >= 500');
    return undefined;
  }
  const name = ctx.src(nameNode);
  const op = COMPARE_OPS[opNode.name]!;
  const span = { from: node.from, to: node.to };
  if (valueNode.name === 'Duration') {
    const ms = ctx.duration(valueNode);
    return ms === undefined ? undefined : { type: 'duration', name, op, value: ms / 1000, ...span };
  }
  if (valueNode.name === 'Bytes') {
    const r = parseBytes(ctx.src(valueNode));
    if (!r.ok) {
      ctx.errorOn(valueNode, r.message);
      return undefined;
    }
    return { type: 'bytes', name, op, value: r.value, ...span };
  }
  const value = Number(ctx.src(valueNode).replace(/\s+/g, ''));
  if (Number.isNaN(value)) {
    ctx.errorOn(valueNode, `expected a number, found ${JSON.stringify(ctx.src(valueNode))}`);
    return undefined;
  }
  return { type: 'number', name, op, value, ...span };
}
