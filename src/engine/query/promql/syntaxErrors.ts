import type { SyntaxNode, Tree } from '@lezer/common';
import type { Diagnostic } from '../types.ts';
import { errorAt } from '../types.ts';

/** Where an error sits in the grammar, phrased as Prometheus' parser phrases it. */
const CONTEXT: Readonly<Record<string, string>> = {
  LabelMatchers: ' in label matching, expected label name, "," or "}"',
  GroupingLabels: ' in grouping opts, expected label',
  FunctionCallBody: ' in function call',
  MatchingModifierClause: ' in binary expression modifiers',
  DurationExpr: ', expected duration',
  OffsetDurationExpr: ' after offset, expected duration',
  StepInvariantExpr: ' after @, expected timestamp, start() or end()',
  AggregateModifier: ' in aggregation, expected "("',
};

/** Describes the token at `pos`, e.g. `"}"`, `identifier "foo"`, `end of input`. */
function describeToken(text: string, pos: number): { desc: string; start: number; end: number } {
  let i = pos;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (i >= text.length) return { desc: 'end of input', start: text.length, end: text.length };
  const rest = text.slice(i);
  const ident = /^[A-Za-z_:][\w:]*/.exec(rest);
  if (ident) return { desc: `identifier "${ident[0]}"`, start: i, end: i + ident[0].length };
  const num = /^\d[\w.]*/.exec(rest);
  if (num) return { desc: `number "${num[0]}"`, start: i, end: i + num[0].length };
  if (/^["'`]/.test(rest)) return { desc: 'string', start: i, end: i + 1 };
  if (rest[0] === ')') return { desc: "right parenthesis ')'", start: i, end: i + 1 };
  const op = /^(==|!=|=~|!~|>=|<=|[^\s\w])/.exec(rest)!;
  return { desc: `"${op[0]}"`, start: i, end: i + op[0].length };
}

function contextOf(node: SyntaxNode, text: string, pos: number): string {
  const parent = node.parent;
  if (!parent) return '';
  const prev = node.prevSibling;
  if (parent.name === 'UnquotedLabelMatcher' || parent.name === 'QuotedLabelMatcher') {
    return prev?.name === 'MatchOp'
      ? ' in label matching, expected string'
      : ' in label matching, expected one of "=", "!=", "=~", "!~"';
  }
  if (parent.name === 'BinaryExpr' || parent.name === 'UnaryExpr') return ', expected expression';
  if (parent.name === 'FunctionCallBody' && text.slice(pos).trim() === '') return '';
  return CONTEXT[parent.name] ?? '';
}

/**
 * Turns the lezer tree's error nodes into diagnostics. Only the first error is reported: later ones are
 * usually echoes of the first (lezer recovers by skipping or inserting tokens).
 */
export function syntaxDiagnostics(text: string, tree: Tree): Diagnostic[] {
  let first: SyntaxNode | undefined;
  tree.iterate({
    enter(ref) {
      if (first) return false;
      if (ref.type.isError) first = ref.node;
      return undefined;
    },
  });
  if (!first) return [];
  const node = first;
  const pos = Math.min(node.from, text.length);
  const prev = node.prevSibling;
  const tok = describeToken(text, pos);
  // `foo(…)` with an unknown name parses as a selector followed by an unexpected "(".
  if (prev?.name === 'Identifier' && tok.desc === '"("') {
    return [
      errorAt(text, prev.from, prev.to, `unknown function with name "${text.slice(prev.from, prev.to)}"`),
    ];
  }
  return [errorAt(text, tok.start, tok.end, `unexpected ${tok.desc}${contextOf(node, text, pos)}`)];
}
