import type { Expr, ValueType } from './ast.ts';
import { isComparison, isSetOperator, TYPE_NAMES } from './ast.ts';
import { argType, arityError, FUNCTIONS } from './functions.ts';

/** A type error with the span of the expression it concerns. */
export interface TypeError {
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

/** The value type an expression evaluates to (assuming it type-checks). */
export function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vectorSelector':
    case 'aggregate':
      return 'vector';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'paren':
    case 'unary':
      return typeOf(e.expr);
    case 'call':
      return FUNCTIONS.get(e.name)?.returnType ?? 'vector';
    case 'binary':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
  }
}

function err(e: { from: number; to: number }, message: string): TypeError {
  return { from: e.from, to: e.to, message };
}

/**
 * Checks an AST the way Prometheus' `checkAST` does: function names, arities and argument types,
 * aggregation operands, and the rules for binary operators. Returns the first problem found.
 */
export function checkTypes(e: Expr): TypeError | undefined {
  switch (e.kind) {
    case 'number':
    case 'string':
    case 'vectorSelector':
    case 'matrixSelector':
      return undefined;
    case 'paren':
      return checkTypes(e.expr);
    case 'unary': {
      const t = typeOf(e.expr);
      if (t !== 'scalar' && t !== 'vector') {
        return err(
          e,
          `unary expression only allowed on expressions of type scalar or instant vector, got "${TYPE_NAMES[t]}"`,
        );
      }
      return checkTypes(e.expr);
    }
    case 'subquery': {
      const t = typeOf(e.expr);
      if (t !== 'vector')
        return err(e, `subquery is only allowed on instant vector, got ${TYPE_NAMES[t]} instead`);
      return checkTypes(e.expr);
    }
    case 'call': {
      const sig = FUNCTIONS.get(e.name);
      if (!sig) return err(e, `function "${e.name}" is not supported`);
      const arity = arityError(sig, e.args.length);
      if (arity) return err(e, arity);
      for (let i = 0; i < e.args.length; i++) {
        const a = e.args[i]!;
        const want = argType(sig, i);
        const got = typeOf(a);
        if (want !== got) {
          return err(
            a,
            `expected type ${TYPE_NAMES[want]} in call to function "${e.name}", got ${TYPE_NAMES[got]}`,
          );
        }
        const inner = checkTypes(a);
        if (inner) return inner;
      }
      return undefined;
    }
    case 'aggregate': {
      const t = typeOf(e.expr);
      if (t !== 'vector')
        return err(e.expr, `expected type instant vector in aggregation expression, got ${TYPE_NAMES[t]}`);
      if (e.param) {
        const want: ValueType = e.op === 'count_values' ? 'string' : 'scalar';
        const pt = typeOf(e.param);
        if (pt !== want) {
          return err(
            e.param,
            `expected type ${TYPE_NAMES[want]} in aggregation parameter, got ${TYPE_NAMES[pt]}`,
          );
        }
        const inner = checkTypes(e.param);
        if (inner) return inner;
      }
      return checkTypes(e.expr);
    }
    case 'binary':
      return checkBinary(e);
  }
}

function checkBinary(e: Extract<Expr, { kind: 'binary' }>): TypeError | undefined {
  const lt = typeOf(e.lhs);
  const rt = typeOf(e.rhs);
  if (e.returnBool && !isComparison(e.op))
    return err(e, 'bool modifier can only be used on comparison operators');
  if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector')) {
    return err(e, 'binary expression must contain only scalar and instant vector types');
  }
  if (isComparison(e.op) && lt === 'scalar' && rt === 'scalar' && !e.returnBool) {
    return err(e, 'comparisons between scalars must use BOOL modifier');
  }
  if (isSetOperator(e.op) && (lt === 'scalar' || rt === 'scalar')) {
    return err(e, `set operator "${e.op}" not allowed in binary scalar expression`);
  }
  if (e.matching) {
    if (lt !== 'vector' || rt !== 'vector')
      return err(e, 'vector matching only allowed between instant vectors');
    if (isSetOperator(e.op) && e.matching.card !== 'one-to-one') {
      return err(e, `no grouping allowed for "${e.op}" operation`);
    }
    if (e.matching.on) {
      for (const l of e.matching.include) {
        if (e.matching.labels.includes(l))
          return err(e, `label "${l}" must not occur in ON and GROUP clause at once`);
      }
    }
  }
  return checkTypes(e.lhs) ?? checkTypes(e.rhs);
}
