import { parser } from '@grafana/lezer-logql';
import type { SyntaxNode } from '@lezer/common';
import { isBudgetExpired } from '../budget.ts';
import { nestingProblem, treeDepthProblem } from '../queryLimits.ts';
import type { Diagnostic } from '../types.ts';
import { errorAt } from '../types.ts';
import type { QueryAst } from './ast.ts';
import { BuildContext } from './buildContext.ts';
import { buildLogExpr } from './buildLogExpr.ts';
import { buildMetricExpr } from './buildMetricExpr.ts';
import { syntaxDiagnostics } from './syntaxDiagnostics.ts';

/** A parsed query: the AST when the query is valid, and every problem found, positioned in the text. */
export interface ParsedLogQL {
  readonly ast?: QueryAst;
  readonly diagnostics: readonly Diagnostic[];
}

/** Queries longer than this are refused before parsing, so a pasted log file cannot freeze the page. */
export const MAX_QUERY_LENGTH = 64 * 1024;

/**
 * Parses LogQL with Grafana's lezer grammar, then checks what the grammar cannot: string escapes,
 * regex syntax (RE2), templates, selectors that select nothing, and functions
 * used without the `unwrap` they need. Never throws.
 *
 * @example
 * parseLogQL('{app="api"} |= "timeout" | logfmt | status >= 500').diagnostics // → []
 */
export function parseLogQL(text: string): ParsedLogQL {
  if (text.length > MAX_QUERY_LENGTH)
    return {
      diagnostics: [
        errorAt(
          text,
          0,
          0,
          `query is too long (${text.length} characters; the limit is ${MAX_QUERY_LENGTH})`,
        ),
      ],
    };
  const nesting = nestingProblem(text);
  if (nesting) return { diagnostics: [errorAt(text, nesting.from, nesting.to, nesting.message)] };
  try {
    const tree = parser.parse(text);
    const syntax = syntaxDiagnostics(text, tree);
    if (syntax.length > 0) return { diagnostics: syntax };
    const deep = treeDepthProblem(tree);
    if (deep) return { diagnostics: [errorAt(text, deep.from, deep.to, deep.message)] };
    const ctx = new BuildContext(text);
    const ast = buildTop(ctx, tree.topNode);
    if (ctx.diagnostics.length > 0 || !ast) {
      const diagnostics =
        ctx.diagnostics.length > 0 ? ctx.diagnostics : [errorAt(text, 0, text.length, 'invalid query')];
      return { diagnostics: [...diagnostics].sort((a, b) => a.from - b.from) };
    }
    return { ast, diagnostics: [] };
  } catch (err) {
    if (isBudgetExpired(err)) throw err;
    // The builders report problems rather than throw; this guards the promise that parsing never throws.
    // The grammar builds its tree recursively: a chain of thousands of operators overflows the stack.
    if (err instanceof RangeError)
      return { diagnostics: [errorAt(text, 0, text.length, 'query is nested too deeply to parse')] };
    const reason = err instanceof Error ? err.message : String(err);
    return { diagnostics: [errorAt(text, 0, text.length, `could not parse the query: ${reason}`)] };
  }
}

function buildTop(ctx: BuildContext, top: SyntaxNode): QueryAst | undefined {
  const expr = top.getChild('Expr');
  if (!expr) {
    ctx.error(
      0,
      ctx.text.length,
      'expected a log query such as {app="api"} or a metric query such as rate({app="api"}[5m])',
    );
    return undefined;
  }
  const metric = expr.getChild('MetricExpr');
  if (metric) return buildMetricExpr(ctx, metric);
  let log = expr.getChild('LogExpr');
  // `({app="api"} |= "x")` nests the log expression in parentheses.
  while (log?.getChild('LogExpr')) log = log.getChild('LogExpr');
  const selector = log?.getChild('Selector');
  if (!log || !selector) {
    ctx.errorOn(expr, 'expected a stream selector such as {app="api"}');
    return undefined;
  }
  return buildLogExpr(ctx, selector, log.getChild('PipelineExpr'), log);
}
