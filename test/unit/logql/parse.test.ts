import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseLogQL } from '../../../src/engine/query/logql/index.ts';

const VALID = [
  '{app="api"}',
  '{app="api", env!="dev", region=~"eu-.+", pod!~"canary.*"}',
  '{app="api"} |= "timeout" != "healthz" |~ "(?i)error" !~ `debug|trace`',
  '{app="api"} | json | status >= 500 and duration > 1.5s or size > 20MB',
  '{app="api"} | json user="req.user", first="items[0]" | user != ""',
  '{app="api"} | logfmt --strict | level="error" | line_format "{{.level}}: {{ .msg | ToUpper }}"',
  '{app="api"} | regexp `(?P<method>\\w+) (?P<path>\\S+)` | label_format route=path, m="{{.method}}"',
  '{app="api"} | pattern `<ip> - - <_> "<method> <uri> <_>" <status>` | drop ip | keep method, status',
  '{app="api"} | json | __error__="" | decolorize',
  'sum by (app) (rate({app="api"} |= "error" [5m]))',
  'sum(rate({app="api"}[5m])) by (app) / sum(rate({app="api"}[5m] offset 1h)) by (app)',
  'quantile_over_time(0.99, {app="api"} | logfmt | unwrap duration(latency) | __error__="" [5m]) by (route)',
  'topk(3, sum by (path) (count_over_time({app="api"} | json [1m]))) > bool 10',
  'avg_over_time({app="api"} | logfmt | unwrap bytes(size) [1m]) without (pod)',
  '# a comment\n{app="api"}',
];

describe('valid queries parse without diagnostics', () => {
  test.each(VALID)('%s', (q) => {
    expect(parseLogQL(q).diagnostics).toEqual([]);
  });
});

describe('invalid queries give a positioned, readable error', () => {
  const cases: { query: string; from: number; message: string }[] = [
    { query: '', from: 0, message: 'empty query: start with a stream selector such as {app="api"}' },
    {
      query: '{app=~".*"}',
      from: 0,
      message:
        'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    },
    {
      query: '{app!="x"}',
      from: 0,
      message:
        'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    },
    {
      query: 'sum_over_time({app="api"}[5m])',
      from: 0,
      message: 'invalid aggregation sum_over_time without unwrap: add | unwrap <label> before the range',
    },
    {
      query: 'quantile_over_time({app="api"} | unwrap x [5m])',
      from: 0,
      message: 'quantile_over_time needs a quantile first, as in quantile_over_time(0.99, …)',
    },
    {
      query: 'count_over_time({app="api"} | unwrap x [5m])',
      from: 28,
      message: 'invalid aggregation count_over_time with unwrap: it counts lines or bytes, not label values',
    },
    {
      query: `${'('.repeat(300)}count_over_time({app="api"}[1m])${')'.repeat(300)}`,
      from: 256,
      message: 'query is nested too deeply: more than 256 levels of parentheses, brackets or braces',
    },
    {
      query: Array.from({ length: 1000 }, () => '1').join(' + '),
      from: 0,
      message: 'query is nested too deeply: more than 1000 levels of operators and calls',
    },
    {
      query: '{app="api"} |~ "a(b"',
      from: 15,
      message: 'invalid regular expression: missing closing ) in "a(b"',
    },
    {
      query: '{app="api"} | line_format "{{.a | nope}}"',
      from: 29,
      message:
        'template error: unknown template function "nope" (this game knows ToUpper, ToLower, upper, lower, title, trim, trimSpace)',
    },
    {
      query: '{app="api"} | regexp "(\\\\d+)"',
      from: 14,
      message: 'at least one named capture must be supplied, such as (?P<status>\\d+)',
    },
    {
      query: '{app="api" |= "x"',
      from: 11,
      message: 'syntax error: unexpected "|=", expected a label matcher such as app="api" or a closing }',
    },
    {
      query: 'rate({app="api"})',
      from: 16,
      message:
        'syntax error: unexpected ")", expected a range such as [5m] after the selector, as in {app="api"}[5m]',
    },
    {
      query: '{app="api"} | json | x > ',
      from: 25,
      message:
        'syntax error: unexpected end of query, expected a label filter such as status >= 500 or level="error"',
    },
  ];
  test.each(cases)('$query', ({ query, from, message }) => {
    const d = parseLogQL(query).diagnostics;
    expect(d[0] && { from: d[0].from, message: d[0].message }).toEqual({ from, message });
    expect(d[0]!.line).toBe(1);
    expect(d[0]!.col).toBe(from + 1);
  });
  test('line and column count newlines', () => {
    const d = parseLogQL('{app="api"}\n  | json\n  | status >')[0 as never] as undefined;
    expect(d).toBeUndefined();
    const [first] = parseLogQL('{app="api"}\n  | json\n  | status >').diagnostics;
    expect(first && [first.line, first.col]).toEqual([3, 13]);
  });
});

/** Edits that turn a valid query into the near-misses people type. */
function mutate(q: string, ops: { kind: number; at: number; len: number; ch: string }[]): string {
  let s = q;
  for (const op of ops) {
    const i = s.length === 0 ? 0 : op.at % (s.length + 1);
    if (op.kind === 0) s = s.slice(0, i) + s.slice(i + op.len);
    else if (op.kind === 1) s = s.slice(0, i) + op.ch + s.slice(i);
    else if (s.length > 1) {
      const j = (i + op.len) % s.length;
      const a = Math.min(i, j);
      const b = Math.max(i, j);
      if (a < b && b < s.length) s = s.slice(0, a) + s[b] + s.slice(a + 1, b) + s[a] + s.slice(b + 1);
    }
  }
  return s;
}

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '"',
  '`',
  '|',
  '|=',
  '!=',
  '=~',
  '!~',
  '=',
  ',',
  ' ',
  '\n',
  'by',
  'sum',
  'json',
  'unwrap',
  '5m',
  '1.5s',
  '\\',
  '<_>',
  '{{',
  '}}',
  'or',
  'and',
  '#',
];

describe('parsing never throws and every error lies inside the text', () => {
  const check = (q: string) => {
    const { ast, diagnostics } = parseLogQL(q);
    expect(ast !== undefined || diagnostics.length > 0).toBe(true);
    for (const d of diagnostics) {
      expect(d.from).toBeGreaterThanOrEqual(0);
      expect(d.to).toBeGreaterThanOrEqual(d.from);
      expect(d.to).toBeLessThanOrEqual(q.length);
      expect(d.message.length).toBeGreaterThan(0);
    }
  };
  test('mutations of valid queries', () => {
    const op = fc.record({
      kind: fc.integer({ min: 0, max: 2 }),
      at: fc.nat(),
      len: fc.integer({ min: 1, max: 6 }),
      ch: fc.constantFrom(...TOKENS),
    });
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(op, { minLength: 1, maxLength: 4 }), (q, ops) =>
        check(mutate(q, ops)),
      ),
      { numRuns: 2500, seed: 42 },
    );
  });
  test('random token soup and random text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((t) => t.join('')),
          fc.string({ maxLength: 60 }),
        ),
        check,
      ),
      { numRuns: 1500, seed: 7 },
    );
  });
});
