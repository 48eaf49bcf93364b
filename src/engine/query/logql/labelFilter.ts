import type { LabelFilterExpr, SelectorMatcher } from './ast.ts';
import { parseBytes, parseDurationMs, parseGoFloat } from './literals.ts';
import type { MutableLabels } from './pipelineLabels.ts';
import { ERROR_LABEL, setError } from './pipelineLabels.ts';

/** A compiled label filter: true keeps the line. It may add `__error__` when a value cannot be read. */
export type LabelPredicate = (labels: MutableLabels) => boolean;

/** A test of a label value for a matcher; callers pass `''` for a missing label, as Prometheus does. */
export function compileValueTest(m: SelectorMatcher): (value: string) => boolean {
  const { value } = m;
  switch (m.op) {
    case '=':
      return (v) => v === value;
    case '!=':
      return (v) => v !== value;
    // A matcher without a compiled regex was refused when parsing; it matches nothing.
    case '=~': {
      const re = m.regex;
      return re ? (v) => re.test(v) : () => false;
    }
    case '!~': {
      const re = m.regex;
      return re ? (v) => !re.test(v) : () => true;
    }
  }
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    default:
      return a !== b;
  }
}

const READERS = {
  number: (v: string) => parseGoFloat(v),
  duration: (v: string) => {
    const r = parseDurationMs(v);
    return r.ok ? r.value / 1000 : undefined;
  },
  bytes: (v: string) => {
    const r = parseBytes(v);
    return r.ok ? r.value : undefined;
  },
} as const;

/**
 * Compiles a label filter with Loki's rules: a line without the label is dropped by a numeric filter; a
 * value that does not convert keeps the line but marks it with `__error__="LabelFilterErr"`; once a line
 * carries an error, only string matchers can filter it out; `and` evaluates both sides.
 */
export function compileLabelFilter(f: LabelFilterExpr): LabelPredicate {
  switch (f.type) {
    case 'string': {
      const test = compileValueTest(f.matcher);
      const name = f.matcher.name;
      return (l) => test(l.get(name) ?? '');
    }
    case 'and': {
      const left = compileLabelFilter(f.left);
      const right = compileLabelFilter(f.right);
      return (l) => {
        const a = left(l);
        const b = right(l);
        return a && b;
      };
    }
    case 'or': {
      const left = compileLabelFilter(f.left);
      const right = compileLabelFilter(f.right);
      return (l) => left(l) || right(l);
    }
    default: {
      const { name, op, value } = f;
      const read = READERS[f.type];
      return (l) => {
        if (l.has(ERROR_LABEL)) return true;
        const raw = l.get(name);
        if (raw === undefined) return false;
        const v = read(raw);
        if (v === undefined) {
          setError(
            l,
            'LabelFilterErr',
            `cannot convert ${JSON.stringify(raw)} for the ${f.type} filter on ${name}`,
          );
          return true;
        }
        return compare(op, v, value);
      };
    }
  }
}
