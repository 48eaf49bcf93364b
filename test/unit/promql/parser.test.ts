import { describe, expect, test } from 'vitest';
import { parsePromQL } from '../../../src/engine/query/promql/index.ts';
import { formatDiagnostic } from '../../../src/engine/query/types.ts';

const ERRORS: { query: string; error: string }[] = [
  // The first three are Prometheus' own messages for the same queries.
  { query: 'foo{a=}', error: '1:7: unexpected "}" in label matching, expected string' },
  {
    query: 'rate(foo)',
    error: '1:6: expected type range vector in call to function "rate", got instant vector',
  },
  { query: 'foo(1)', error: '1:1: unknown function with name "foo"' },
  { query: '', error: '1:1: no expression found in input' },
  { query: 'rate(x[5m]', error: '1:11: unexpected end of input' },
  { query: 'rate(x[5m], 1)', error: '1:1: expected 1 argument(s) in call to "rate", got 2' },
  { query: 'round()', error: '1:1: expected at least 1 argument(s) in call to "round", got 0' },
  { query: 'round(x, 1, 2)', error: '1:1: expected at most 2 argument(s) in call to "round", got 3' },
  { query: '1 > 2', error: '1:1: comparisons between scalars must use BOOL modifier' },
  { query: 'x[5m] + 1', error: '1:1: binary expression must contain only scalar and instant vector types' },
  { query: '1 and x', error: '1:1: set operator "and" not allowed in binary scalar expression' },
  { query: 'x + bool y', error: '1:1: bool modifier can only be used on comparison operators' },
  { query: '{}', error: '1:1: vector selector must contain at least one non-empty matcher' },
  { query: '{a=~".*"}', error: '1:1: vector selector must contain at least one non-empty matcher' },
  {
    query: 'sum(x[5m])',
    error: '1:5: expected type instant vector in aggregation expression, got range vector',
  },
  { query: 'topk(x, y)', error: '1:6: expected type scalar in aggregation parameter, got instant vector' },
  {
    query: 'sum(x) offset 5m',
    error:
      '1:1: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
  },
  { query: 'x offset 5m offset 1m', error: '1:1: offset may not be set multiple times' },
  { query: '(x)[5m]', error: '1:1: ranges only allowed for vector selectors' },
  { query: 'x{a="\\q"}', error: '1:5: unknown escape sequence "\\q"' },
  { query: 'x{a=~"("}', error: '1:6: invalid regular expression "(": ' },
  { query: 'x and on(a) group_left y', error: '1:1: no grouping allowed for "and" operation' },
  { query: 'rate(x[5m:1m][5m])', error: '1:6: ranges only allowed for vector selectors' },
  {
    query: 'x[5m:1m][5m:1m]',
    error: '1:1: subquery is only allowed on instant vector, got range vector instead',
  },
  {
    query: '-"a"',
    error: '1:1: unary expression only allowed on expressions of type scalar or instant vector, got "string"',
  },
  {
    query: 'label_replace(x, "a", "b", "c")',
    error: '1:1: expected 5 argument(s) in call to "label_replace", got 4',
  },
];

describe('parse errors are positioned diagnostics in Prometheus wording', () => {
  test.each(ERRORS)('$query', ({ query, error }) => {
    const r = parsePromQL(query);
    expect(r.ast).toBeUndefined();
    const first = r.diagnostics[0]!;
    expect(formatDiagnostic(first).startsWith(error)).toBe(true);
    expect(first.from).toBeGreaterThanOrEqual(0);
    expect(first.to).toBeLessThanOrEqual(query.length);
  });
});

describe('valid queries parse to an AST', () => {
  test.each([
    'sum by (service) (rate(http_requests_total{code=~"5.."}[5m]))',
    'histogram_quantile(0.99, sum without (instance) (rate(h_bucket[1h30m])))',
    'a / on(job) group_left(team) b',
    'x @ start() offset -5m',
    'max_over_time(rate(x[5m])[30m:])',
    '{__name__=~"up|down", job!=""}',
    '{"utf8.name"}',
    '`raw\\string`',
    'x # a comment',
  ])('%s', (query) => {
    const r = parsePromQL(query);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast).toBeDefined();
  });

  test('offset, ranges and @ bind tighter than operators, as in Prometheus', () => {
    const r = parsePromQL('a - b offset 5m');
    expect(r.ast).toMatchObject({
      kind: 'binary',
      lhs: { kind: 'vectorSelector', name: 'a', offsetMs: 0 },
      rhs: { kind: 'vectorSelector', name: 'b', offsetMs: 300_000 },
    });
    expect(parsePromQL('-rate(x[5m]) * -y @ 10').ast).toMatchObject({
      kind: 'binary',
      rhs: { kind: 'unary', expr: { kind: 'vectorSelector', at: { kind: 'time', ms: 10_000 } } },
    });
  });

  test('offsets and @ attach to the selector, durations become milliseconds', () => {
    const r = parsePromQL('rate(x[1h30m] offset 5m @ 100)');
    expect(r.ast).toMatchObject({
      kind: 'call',
      name: 'rate',
      args: [
        {
          kind: 'matrixSelector',
          rangeMs: 5_400_000,
          selector: { kind: 'vectorSelector', offsetMs: 300_000, at: { kind: 'time', ms: 100_000 } },
        },
      ],
    });
  });
});
