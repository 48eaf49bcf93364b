import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import type { Matcher } from '../../world/metricStore.ts';
import { isBudgetExpired } from '../budget.ts';
import { nestingProblem, treeDepthProblem } from '../queryLimits.ts';
import { compileRegex, describeRegexError } from '../regex.ts';
import type { Diagnostic } from '../types.ts';
import { errorAt } from '../types.ts';
import type { AggregateOp, AtModifier, BinaryOp, Expr, VectorMatching, VectorSelectorNode } from './ast.ts';
import { normalizeNumbers, parseDuration, parseNumber, unquote } from './literals.ts';
import { syntaxDiagnostics } from './syntaxErrors.ts';
import { checkTypes } from './typeCheck.ts';

/** A problem found while building the AST, carried to `parsePromQL` and turned into a diagnostic. */
class BuildError {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly message: string,
  ) {}
}

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Pow: '^',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Atan2: 'atan2',
  Add: '+',
  Sub: '-',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};

const MATCH_OPS: Readonly<Record<string, Matcher['op']>> = {
  EqlSingle: '=',
  Neq: '!=',
  EqlRegex: '=~',
  NeqRegex: '!~',
};

/** Upper bound on literal durations (Prometheus' duration type overflows past ~292 years). */
const MAX_DURATION_MS = 292 * 365 * 24 * 3600_000;

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function exprChildren(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter((c) => c.type.is('Expr'));
}

/** Turns the lezer tree into the evaluator's AST. */
class Builder {
  constructor(private readonly text: string) {}

  private src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  private fail(n: { from: number; to: number }, message: string): never {
    throw new BuildError(n.from, n.to, message);
  }

  private string(n: SyntaxNode): string {
    const r = unquote(this.src(n));
    if ('error' in r) this.fail(n, r.error);
    return r.value;
  }

  expr(n: SyntaxNode): Expr {
    const span = { from: n.from, to: n.to };
    switch (n.name) {
      case 'NumberDurationLiteral': {
        // The literal may carry a sign, spaced or not: `-1`, `- 1`, `+0.2`.
        const value = parseNumber(this.src(n).replace(/\s+/g, ''));
        if (value === undefined) this.fail(n, `bad number or duration syntax: "${this.src(n)}"`);
        return { kind: 'number', value, ...span };
      }
      case 'StringLiteral':
        return { kind: 'string', value: this.string(n), ...span };
      case 'ParenExpr':
        return { kind: 'paren', expr: this.only(n), ...span };
      case 'UnaryExpr': {
        const op = this.src(n.getChild('UnaryOp') ?? n) === '-' ? '-' : '+';
        return { kind: 'unary', op, expr: this.only(n), ...span };
      }
      case 'VectorSelector':
        return this.vectorSelector(n);
      case 'MatrixSelector':
        return this.matrixSelector(n);
      case 'SubqueryExpr': {
        const durations = n.getChildren('DurationExpr');
        const rangeMs = this.duration(durations[0]!);
        const stepMs = durations[1] ? this.duration(durations[1]) : undefined;
        if (stepMs !== undefined && stepMs <= 0) this.fail(durations[1]!, 'zero step in subquery');
        return postfix(this.only(n), n.to, (expr) => ({
          kind: 'subquery',
          expr,
          rangeMs,
          stepMs,
          offsetMs: 0,
          at: undefined,
          from: expr.from,
          to: n.to,
        }));
      }
      case 'OffsetExpr':
        return this.offset(n);
      case 'StepInvariantExpr':
        return this.at(n);
      case 'FunctionCall':
        return this.call(n);
      case 'AggregateExpr':
        return this.aggregate(n);
      case 'BinaryExpr':
        return this.binary(n);
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        return this.fail(
          n,
          `the ${n.name === 'AnchoredExpr' ? 'anchored' : 'smoothed'} modifier is not supported`,
        );
      default:
        return this.fail(n, `unexpected ${n.name}`);
    }
  }

  private only(n: SyntaxNode): Expr {
    const inner = exprChildren(n)[0];
    if (!inner) return this.fail(n, 'missing expression');
    return this.expr(inner);
  }

  private vectorSelector(n: SyntaxNode): VectorSelectorNode {
    const ident = n.getChild('Identifier');
    let name = ident ? this.src(ident) : undefined;
    const matchers: Matcher[] = [];
    const lm = n.getChild('LabelMatchers');
    for (const m of lm ? children(lm) : []) {
      if (m.name === 'QuotedLabelName') {
        // `{"metric.name"}`: a quoted metric name, Prometheus 3's UTF-8 syntax.
        if (name !== undefined) this.fail(m, 'metric name must not be set twice');
        name = this.string(m.firstChild ?? m);
        continue;
      }
      const labelNode = m.getChild('LabelName') ?? m.getChild('QuotedLabelName')?.firstChild;
      const opNode = m.getChild('MatchOp')?.firstChild;
      const valueNode = m.getChild('StringLiteral');
      if (!labelNode || !opNode || !valueNode) return this.fail(m, 'invalid label matcher');
      const label = labelNode.name === 'LabelName' ? this.src(labelNode) : this.string(labelNode);
      const op = MATCH_OPS[opNode.name] ?? '=';
      const value = this.string(valueNode);
      if (op === '=~' || op === '!~') {
        const re = compileRegex(value, { anchored: true });
        if (!re.ok)
          this.fail(
            valueNode,
            `invalid regular expression ${JSON.stringify(value)}: ${describeRegexError(re)}`,
          );
      }
      if (label === '__name__' && name !== undefined && ident) {
        this.fail(m, `metric name must not be set twice: "${name}" or "${value}"`);
      }
      matchers.push({ name: label, op, value });
    }
    if (name !== undefined) matchers.unshift({ name: '__name__', op: '=', value: name });
    // Mirrors Prometheus: a selector must not match every series (it would select the whole store).
    if (matchers.every(matchesEmpty))
      this.fail(n, 'vector selector must contain at least one non-empty matcher');
    return { kind: 'vectorSelector', name, matchers, offsetMs: 0, at: undefined, from: n.from, to: n.to };
  }

  private matrixSelector(n: SyntaxNode): Expr {
    const rangeMs = this.duration(n.getChild('DurationExpr')!);
    if (rangeMs <= 0) this.fail(n, 'range must be positive');
    return postfix(this.only(n), n.to, (inner) => {
      if (inner.kind !== 'vectorSelector') return this.fail(n, 'ranges only allowed for vector selectors');
      if (inner.offsetMs !== 0) this.fail(n, 'no offset modifiers allowed before range');
      if (inner.at) this.fail(n, 'no @ modifiers allowed before range');
      return { kind: 'matrixSelector', selector: inner, rangeMs, from: inner.from, to: n.to };
    });
  }

  /** Evaluates a (possibly arithmetic) duration expression to milliseconds. */
  private duration(n: SyntaxNode): number {
    const kids = children(n);
    if (n.name === 'NumberDurationLiteralInDurationContext') {
      const text = this.src(n);
      const ms = parseDuration(text) ?? (parseNumber(text) ?? Number.NaN) * 1000;
      if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DURATION_MS) this.fail(n, `invalid duration "${text}"`);
      return Math.round(ms);
    }
    const first = kids[0];
    if (!first) return this.fail(n, 'missing duration');
    if (first.name === 'UnaryOp') {
      const v = this.duration(kids[1]!);
      return this.src(first) === '-' ? -v : v;
    }
    if (kids.length === 1) return this.duration(first);
    if (kids.length === 3 && BINARY_OPS[kids[1]!.name]) {
      const a = this.duration(first) / 1000;
      const b = this.duration(kids[2]!) / 1000;
      const op = BINARY_OPS[kids[1]!.name];
      const r =
        op === '+'
          ? a + b
          : op === '-'
            ? a - b
            : op === '*'
              ? a * b
              : op === '/'
                ? a / b
                : op === '%'
                  ? a % b
                  : a ** b;
      if (!Number.isFinite(r) || Math.abs(r * 1000) > MAX_DURATION_MS) this.fail(n, 'duration out of range');
      return Math.round(r * 1000);
    }
    return this.fail(n, `unsupported duration expression "${this.src(n)}"`);
  }

  private offset(n: SyntaxNode): Expr {
    const offsetMs = this.duration(n.getChild('OffsetDurationExpr')!);
    return postfix(this.only(n), n.to, (inner) => {
      const target = inner.kind === 'matrixSelector' ? inner.selector : inner;
      if (target.kind !== 'vectorSelector' && target.kind !== 'subquery') {
        return this.fail(
          n,
          'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
        );
      }
      if (target.offsetMs !== 0) this.fail(n, 'offset may not be set multiple times');
      target.offsetMs = offsetMs;
      return { ...inner, to: n.to } as Expr;
    });
  }

  private at(n: SyntaxNode): Expr {
    let at: AtModifier;
    const pre = n.getChild('AtModifierPreprocessors');
    if (pre) {
      at = { kind: pre.firstChild?.name === 'AtEnd' ? 'end' : 'start' };
    } else {
      const lit = n.getChild('NumberDurationLiteral')!;
      const v = parseNumber(this.src(lit).replace(/\s+/g, ''));
      if (v === undefined || !Number.isFinite(v) || Math.abs(v) > 9.2e15) {
        return this.fail(lit, `timestamp out of bounds for @ modifier: ${this.src(lit)}`);
      }
      at = { kind: 'time', ms: Math.round(v * 1000) };
    }
    return postfix(this.only(n), n.to, (inner) => {
      const target = inner.kind === 'matrixSelector' ? inner.selector : inner;
      if (target.kind !== 'vectorSelector' && target.kind !== 'subquery') {
        return this.fail(
          n,
          '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
        );
      }
      if (target.at) this.fail(n, '@ <timestamp> may not be set multiple times');
      target.at = at;
      return { ...inner, to: n.to } as Expr;
    });
  }

  private call(n: SyntaxNode): Expr {
    const name = this.src(n.getChild('FunctionIdentifier')!);
    const body = n.getChild('FunctionCallBody')!;
    const args = exprChildren(body).map((c) => this.expr(c));
    return { kind: 'call', name, args, from: n.from, to: n.to };
  }

  private aggregate(n: SyntaxNode): Expr {
    // Aggregation operators are keywords, and Prometheus reads keywords in any case: `SUM(x)` is `sum(x)`.
    const op = this.src(n.getChild('AggregateOp')!).toLowerCase() as AggregateOp;
    const body = n.getChild('FunctionCallBody')!;
    const args = exprChildren(body).map((c) => this.expr(c));
    const modifier = n.getChild('AggregateModifier');
    const grouping = modifier ? this.groupingLabels(modifier.getChild('GroupingLabels')!) : [];
    const without = modifier?.getChild('Without') != null;
    const needsParam = op === 'topk' || op === 'bottomk' || op === 'quantile' || op === 'count_values';
    if (op === ('limitk' as string) || op === ('limit_ratio' as string)) {
      this.fail(n, `aggregation "${op}" is not supported`);
    }
    const want = needsParam ? 2 : 1;
    if (args.length !== want) {
      this.fail(
        body,
        `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`,
      );
    }
    return {
      kind: 'aggregate',
      op,
      param: needsParam ? args[0] : undefined,
      expr: args[want - 1]!,
      grouping,
      without,
      from: n.from,
      to: n.to,
    };
  }

  private groupingLabels(n: SyntaxNode): string[] {
    return children(n).map((c) =>
      c.name === 'QuotedLabelName' ? this.string(c.firstChild ?? c) : this.src(c),
    );
  }

  private binary(n: SyntaxNode): Expr {
    const kids = children(n);
    const opNode = kids.find((k) => BINARY_OPS[k.name] !== undefined && !k.type.is('Expr'))!;
    const [lhsNode, rhsNode] = exprChildren(n);
    const op = BINARY_OPS[opNode.name]!;
    const returnBool = n.getChild('BoolModifier') != null;
    if (n.getChild('FillModifier'))
      this.fail(n.getChild('FillModifier')!, 'fill modifiers are not supported');
    const clause = n.getChild('MatchingModifierClause');
    let matching: VectorMatching | undefined;
    if (clause) {
      const groups = clause.getChildren('GroupingLabels');
      const card = clause.getChild('GroupLeft')
        ? 'many-to-one'
        : clause.getChild('GroupRight')
          ? 'one-to-many'
          : 'one-to-one';
      matching = {
        card,
        on: clause.getChild('On') != null,
        labels: this.groupingLabels(groups[0]!),
        include: groups[1] ? this.groupingLabels(groups[1]) : [],
      };
    }
    const lhsText = this.src(lhsNode!);
    if (op === '^' && lhsNode!.name === 'NumberDurationLiteral' && /^[-+]/.test(lhsText)) {
      // The grammar reads `-2 ^ 2` as (-2)^2, but in Prometheus unary minus binds looser than ^: -(2^2).
      const value = parseNumber(lhsText.slice(1).trim());
      if (value === undefined) this.fail(lhsNode!, `bad number or duration syntax: "${lhsText}"`);
      const unsigned: Expr = { kind: 'number', value, from: lhsNode!.from + 1, to: lhsNode!.to };
      const inner: Expr = {
        kind: 'binary',
        op,
        lhs: unsigned,
        rhs: this.expr(rhsNode!),
        returnBool,
        matching,
        from: n.from,
        to: n.to,
      };
      return { kind: 'unary', op: lhsText[0] === '-' ? '-' : '+', expr: inner, from: n.from, to: n.to };
    }
    return {
      kind: 'binary',
      op,
      lhs: this.expr(lhsNode!),
      rhs: this.expr(rhsNode!),
      returnBool,
      matching,
      from: n.from,
      to: n.to,
    };
  }
}

/**
 * Applies a postfix construct (`[5m]`, `[5m:1m]`, `offset`, `@`) to the right operand it belongs to.
 * The lezer grammar attaches them to a whole binary or unary expression (`a + b offset 5m` becomes
 * `(a + b) offset 5m`), but Prometheus binds them tighter than any operator: `a + (b offset 5m)`.
 */
function postfix(inner: Expr, to: number, apply: (e: Expr) => Expr): Expr {
  if (inner.kind === 'binary') return { ...inner, rhs: postfix(inner.rhs, to, apply), to };
  if (inner.kind === 'unary') return { ...inner, expr: postfix(inner.expr, to, apply), to };
  return apply(inner);
}

function matchesEmpty(m: Matcher): boolean {
  if (m.op === '=') return m.value === '';
  if (m.op === '!=') return m.value !== '';
  const re = compileRegex(m.value, { anchored: true });
  const hit = re.ok && re.regex.test('');
  return m.op === '=~' ? hit : !hit;
}

/** The result of parsing: an AST when the query is valid, and every problem found, positioned. */
export interface ParseResult {
  readonly ast?: Expr;
  readonly diagnostics: Diagnostic[];
}

/** Queries longer than this are refused before parsing, as LogQL's are: parsing time grows with length. */
export const MAX_QUERY_LENGTH = 64 * 1024;

/**
 * Parses a PromQL query with Prometheus' own lezer grammar, then checks names, arities and types.
 * Never throws: problems come back as diagnostics, e.g. `1:7: unexpected end of input`.
 */
export function parsePromQL(text: string): ParseResult {
  if (text.length > MAX_QUERY_LENGTH) {
    const message = `query is too long (${text.length} characters; the limit is ${MAX_QUERY_LENGTH})`;
    return { diagnostics: [errorAt(text, 0, 0, message)] };
  }
  if (text.trim() === '')
    return { diagnostics: [errorAt(text, 0, text.length, 'no expression found in input')] };
  const nesting = nestingProblem(text);
  if (nesting) return { diagnostics: [errorAt(text, nesting.from, nesting.to, nesting.message)] };
  // Same length as `text`, so every position found in it is a position in the query as written.
  const source = normalizeNumbers(text);
  let tree: Tree;
  try {
    tree = parser.parse(source);
  } catch (e) {
    // The grammar builds its tree recursively: a chain of thousands of operators overflows the stack.
    const reason =
      e instanceof RangeError ? 'query is nested too deeply to parse' : `could not parse query: ${e}`;
    return { diagnostics: [errorAt(text, 0, text.length, reason)] };
  }
  const syntax = syntaxDiagnostics(source, tree);
  if (syntax.length > 0) return { diagnostics: syntax };
  const deep = treeDepthProblem(tree);
  if (deep) return { diagnostics: [errorAt(text, deep.from, deep.to, deep.message)] };
  const top = tree.topNode.firstChild;
  if (!top) return { diagnostics: [errorAt(text, 0, text.length, 'no expression found in input')] };
  try {
    const ast = new Builder(source).expr(top);
    const typeError = checkTypes(ast);
    if (typeError) return { diagnostics: [errorAt(text, typeError.from, typeError.to, typeError.message)] };
    return { ast, diagnostics: [] };
  } catch (e) {
    if (isBudgetExpired(e)) throw e;
    if (e instanceof BuildError) return { diagnostics: [errorAt(text, e.from, e.to, e.message)] };
    // A grammar shape this builder did not expect: still an answer, never an exception.
    return { diagnostics: [errorAt(text, 0, text.length, `could not parse query: ${String(e)}`)] };
  }
}
