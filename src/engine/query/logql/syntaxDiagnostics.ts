import type { SyntaxNode, Tree } from '@lezer/common';
import type { Diagnostic } from '../types.ts';
import { errorAt } from '../types.ts';

/** What the user was most likely writing, by the rule the parser was in when it gave up. */
const EXPECTATIONS: readonly [string, string][] = [
  ['Range', 'a range duration such as [5m]'],
  ['Grouping', 'label names in parentheses, as in by (app)'],
  ['GroupingLabels', 'label names in parentheses, as in on (app)'],
  ['Matchers', 'a label matcher such as app="api", then }'],
  ['Selector', 'a label matcher such as app="api" or a closing }'],
  ['LineFilter', 'a quoted string after the line filter, as in |= "error"'],
  ['LabelFormatExpr', 'assignments such as label_format new=old'],
  ['LineFormatExpr', 'a template string, as in line_format "{{.msg}}"'],
  ['UnwrapExpr', 'a label to unwrap, as in | unwrap latency_ms'],
  ['LabelFilter', 'a label filter such as status >= 500 or level="error"'],
  ['PipelineStage', 'a pipeline stage such as |= "text", | json, | logfmt or | status >= 500'],
  ['LogRangeExpr', 'a range such as [5m] after the selector, as in {app="api"}[5m]'],
  ['RangeAggregationExpr', 'a stream selector and a range, as in count_over_time({app="api"}[5m])'],
  ['VectorAggregationExpr', 'a metric expression, as in sum(rate({app="api"}[5m]))'],
  ['BinOpExpr', 'a metric expression or a number after the operator'],
  ['LabelReplaceExpr', 'label_replace(expr, "dst", "replacement", "src", "regex")'],
];

function expectation(node: SyntaxNode): string | undefined {
  for (let p: SyntaxNode | null = node.parent; p; p = p.parent) {
    const hit = EXPECTATIONS.find(([name]) => name === p!.name);
    if (hit) return hit[1];
  }
  return undefined;
}

function describeAt(text: string, from: number, to: number): string {
  let token = text.slice(from, to).trim();
  if (token === '') {
    const rest = text.slice(from).trimStart();
    if (rest === '') return 'end of query';
    token = /^(?:[A-Za-z_]\w*|\d[\w.]*|"[^"]*"?|`[^`]*`?|\|[=~>]|[!=]~|!=|[<>=]=?|\S)/.exec(rest)![0];
  }
  if (token.length > 24) token = `${token.slice(0, 24)}…`;
  return JSON.stringify(token);
}

/**
 * Collects the parser's error nodes as positioned diagnostics, in Loki's wording
 * (`syntax error: unexpected …`) with a hint of what would fit there. Usually there is an error node at
 * the end of the query while the user is still typing; it is reported like any other.
 */
export function syntaxDiagnostics(text: string, tree: Tree): Diagnostic[] {
  if (text.trim() === '')
    return [errorAt(text, 0, text.length, 'empty query: start with a stream selector such as {app="api"}')];
  const out: Diagnostic[] = [];
  let lastFrom = -1;
  tree.iterate({
    enter: (ref) => {
      if (!ref.type.isError) return;
      // Recovery often leaves several error nodes at one spot; one message per position is enough.
      if (ref.from === lastFrom) return false;
      lastFrom = ref.from;
      const unexpected = describeAt(text, ref.from, ref.to);
      const hint = expectation(ref.node);
      const message = `syntax error: unexpected ${unexpected}${hint ? `, expected ${hint}` : ''}`;
      const to = ref.to > ref.from ? ref.to : Math.min(text.length, ref.from + 1);
      out.push(errorAt(text, Math.min(ref.from, text.length), Math.max(to, ref.from), message));
      return false;
    },
  });
  return out.sort((a, b) => a.from - b.from).slice(0, 5);
}
