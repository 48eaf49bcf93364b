import { describe, expect, test } from 'vitest';
import { instantQuery, MAX_QUERY_LENGTH, parsePromQL } from '../../../src/engine/query/promql/index.ts';
import type { QueryResult } from '../../../src/engine/query/types.ts';
import { formatDiagnostic } from '../../../src/engine/query/types.ts';
import { MetricStore } from '../../../src/engine/world/metricStore.ts';

/**
 * Cases from Prometheus' own test scripts (promql/promqltest/testdata: literals, operators, aggregators,
 * histograms, name_label_dropping), loaded the same way: `load 5m` series of eleven samples from 0.
 */

const MIN = 60_000;

/** `0+<step>x10` every 5 minutes, as Prometheus' `load 5m` writes it; or the given values. */
function load(store: MetricStore, labels: Record<string, string>, step: number | number[]): void {
  const values = Array.isArray(step) ? step : Array.from({ length: 11 }, (_, i) => i * step);
  const ts = Float64Array.from(values, (_, i) => i * 5 * MIN);
  store.add(labels, ts, Float64Array.from(values));
}

function buildStore(): MetricStore {
  const store = new MetricStore();
  const requests: [string, string, string, number][] = [
    ['api-server', '0', 'production', 10],
    ['api-server', '1', 'production', 20],
    ['api-server', '0', 'canary', 30],
    ['api-server', '1', 'canary', 40],
    ['app-server', '0', 'production', 50],
    ['app-server', '1', 'production', 60],
    ['app-server', '0', 'canary', 70],
    ['app-server', '1', 'canary', 80],
  ];
  for (const [job, instance, group, step] of requests)
    load(store, { __name__: 'http_requests', job, instance, group }, step);
  load(store, { __name__: 'metric_total', env: '1' }, [0, 60, 120]);
  load(store, { __name__: 'another_metric_total', env: '1' }, [60, 120, 180]);
  const h2: [string, number][] = [
    ['0', 0],
    ['2', 1],
    ['4', 2],
    ['6', 3],
    ['+Inf', 3],
  ];
  for (const [le, step] of h2) load(store, { __name__: 'testhistogram2_bucket', le }, step);
  const h3: [string, string, number][] = [
    ['0', 'positive', 0],
    ['0.1', 'positive', 5],
    ['.2', 'positive', 7],
    ['1e0', 'positive', 11],
    ['+Inf', 'positive', 11],
    ['-.25', 'negative', 0],
    ['-.2', 'negative', 1],
    ['-0.1', 'negative', 2],
    ['0.3', 'negative', 2],
    ['+Inf', 'negative', 2],
  ];
  for (const [le, start, step] of h3) load(store, { __name__: 'testhistogram3_bucket', le, start }, step);
  return store;
}

const store = buildStore();

/** Labels and value of each element (or the scalar), sorted by labels, or the error messages. */
function answer(r: QueryResult): unknown {
  if (!r.ok) return r.errors.map((e) => e.message);
  const v = r.value;
  if (v.resultType === 'scalar') return v.result.v;
  if (v.resultType !== 'vector') return v.resultType;
  return (
    v.result
      .map((e) => [JSON.stringify(Object.entries(e.labels).sort()), e.v] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      // Twelve significant digits, as Prometheus' test scripts compare values within a small tolerance.
      .map(([labels, value]) => `${labels} ${Number(value.toPrecision(12))}`)
  );
}

const at = (query: string, minutes: number) => answer(instantQuery(store, query, minutes * MIN));

describe('literals.test: number literals', () => {
  test.each([
    ['12.34e6', 12340000],
    ['12.34e+6', 12340000],
    ['12.34e-6', 0.00001234],
    ['1+1', 2],
    ['1-1', 0],
    ['1 - -1', 2],
    ['.2', 0.2],
    ['+0.2', 0.2],
    ['-0.2e-6', -0.0000002],
    ['+Inf', Number.POSITIVE_INFINITY],
    ['inF', Number.POSITIVE_INFINITY],
    ['-inf', Number.NEGATIVE_INFINITY],
    ['NaN', Number.NaN],
    ['nan', Number.NaN],
    ['2.', 2],
    ['1./6.', 1 / 6],
    ['1.e3 + 1', 1001],
    ['1 / 0', Number.POSITIVE_INFINITY],
    ['((1) / (0))', Number.POSITIVE_INFINITY],
    ['-1 / 0', Number.NEGATIVE_INFINITY],
    ['0 / 0', Number.NaN],
    ['1 % 0', Number.NaN],
  ])('%s', (query, expected) => {
    expect(at(query, 50)).toBe(expected);
  });
});

describe('operators.test and name_label_dropping.test: unary minus', () => {
  test.each([
    ['-2^---1*3', -1.5],
    ['- - - 1', -1],
    ['-2 ^ 2', -4],
    ['2 ^ -1', 0.5],
  ])('%s', (query, expected) => {
    expect(at(query, 50)).toBe(expected);
  });

  test('-metric drops the metric name', () => {
    expect(at('-metric_total', 10)).toEqual(['[["env","1"]] -120']);
    expect(at('- -metric_total', 10)).toEqual(['[["env","1"]] 120']);
  });
});

describe('selectors: Go inline regex flags', () => {
  test.each([
    ['count(http_requests{job=~"(?i:API)-server"})', ['[] 4']],
    ['count(http_requests{group=~"((?i)CANARY)"})', ['[] 4']],
    ['count(http_requests{group=~"(?i)Canary|PROD"})', ['[] 4']],
    ['count(http_requests{job=~"API-server"})', []],
  ])('%s', (query, expected) => {
    expect(at(query, 50)).toEqual(expected);
  });
});

describe('aggregators.test: aggregation keywords in any case', () => {
  test.each([
    ['SUM(http_requests)', ['[] 3600']],
    [
      'SUM BY (group) (http_requests{job="api-server"})',
      ['[["group","canary"]] 700', '[["group","production"]] 300'],
    ],
    ['SUM(http_requests) BY (job)', ['[["job","api-server"]] 1000', '[["job","app-server"]] 2600']],
    ['COUNT(http_requests) BY (job)', ['[["job","api-server"]] 4', '[["job","app-server"]] 4']],
    ['AVG(http_requests) BY (job)', ['[["job","api-server"]] 250', '[["job","app-server"]] 650']],
    ['MIN(http_requests) BY (job)', ['[["job","api-server"]] 100', '[["job","app-server"]] 500']],
    ['MAX(http_requests) BY (job)', ['[["job","api-server"]] 400', '[["job","app-server"]] 800']],
    [
      'Sum WITHOUT (instance, group) (http_requests)',
      ['[["job","api-server"]] 1000', '[["job","app-server"]] 2600'],
    ],
  ])('%s', (query, expected) => {
    expect(at(query, 50)).toEqual(expected);
  });
});

describe('histograms.test: histogram_fraction over classic buckets', () => {
  test.each([
    ['histogram_fraction(0, 4, testhistogram2_bucket)', ['[] 0.666666666667']],
    ['histogram_fraction(0, 6, testhistogram2_bucket)', ['[] 1']],
    ['histogram_fraction(0, 3.5, testhistogram2_bucket)', ['[] 0.583333333333']],
    [
      'histogram_fraction(0, 0.2, testhistogram3_bucket)',
      ['[["start","negative"]] 0', '[["start","positive"]] 0.636363636364'],
    ],
    [
      'histogram_fraction(0, 0.2, rate(testhistogram3_bucket[10m]))',
      ['[["start","negative"]] 0', '[["start","positive"]] 0.636363636364'],
    ],
    ['histogram_fraction(-Inf, +Inf, testhistogram2_bucket)', ['[] 1']],
    ['histogram_fraction(4, 2, testhistogram2_bucket)', ['[] 0']],
    ['histogram_fraction(NaN, 2, testhistogram2_bucket)', ['[] NaN']],
  ])('%s', (query, expected) => {
    expect(at(query, 50)).toEqual(expected);
  });

  test('takes two scalars and a vector', () => {
    const d = parsePromQL('histogram_fraction(0, testhistogram2_bucket)').diagnostics.map(formatDiagnostic);
    expect(d).toEqual(['1:1: expected 3 argument(s) in call to "histogram_fraction", got 2']);
  });
});

describe('errors Prometheus raises', () => {
  test.each([
    ['topk(NaN, http_requests)', 'Parameter value is NaN'],
    ['bottomk(NaN, non_existent)', 'Parameter value is NaN'],
    ['topk(1e19, http_requests)', 'Scalar value 10000000000000000000 overflows int64'],
    [
      'changes({__name__=~"metric_total|another_metric_total"}[10m])',
      'vector cannot contain metrics with the same labelset',
    ],
    ['sum by (__name__) (rate({env="1"}[10m]))', 'vector cannot contain metrics with the same labelset'],
  ])('%s', (query, message) => {
    expect(at(query, 10)).toEqual([message]);
  });

  test('the same functions over one metric name still answer', () => {
    expect(at('topk(1, http_requests{job="api-server"})', 50)).toEqual([
      '[["__name__","http_requests"],["group","canary"],["instance","1"],["job","api-server"]] 400',
    ]);
    expect(at('changes(metric_total[15m])', 10)).toEqual(['[["env","1"]] 2']);
    expect(at('sum by (__name__) (rate(metric_total{env="1"}[10m]))', 10)).toEqual(['[] 0.2']);
  });
});

describe('size and nesting give positioned errors, never an exception', () => {
  const first = (query: string) => formatDiagnostic(parsePromQL(query).diagnostics[0]!);

  test('a query over 64 KB', () => {
    const query = `sum(${'x+'.repeat(MAX_QUERY_LENGTH / 2)}x)`;
    expect(first(query)).toBe(`1:1: query is too long (${query.length} characters; the limit is 65536)`);
  });

  test('60,000 nested parentheses', () => {
    const query = `${'('.repeat(30_000)}1${')'.repeat(30_000)}`;
    expect(first(query)).toBe(
      '1:257: query is nested too deeply: more than 256 levels of parentheses, brackets or braces',
    );
    // Past the length limit too: the nesting is found first all the same.
    expect(first(`${'('.repeat(60_000)}1${')'.repeat(60_000)}`)).toMatch(/^1:1: query is too long/);
  });

  test('unclosed parentheses', () => {
    const query = '('.repeat(60_000);
    expect(first(query)).toBe(
      '1:257: query is nested too deeply: more than 256 levels of parentheses, brackets or braces',
    );
  });

  /** Evaluates without an exception: an answer, or errors that each point inside the query. */
  const answersOrRefuses = (query: string): string => {
    const r = instantQuery(store, query, 50 * MIN);
    if (r.ok) return 'answered';
    for (const e of r.errors) expect(e.to).toBeLessThanOrEqual(query.length);
    return r.errors.map((e) => e.message).join('; ');
  };

  test.each([
    ['+', 1500],
    ['+', 5000],
    ['^', 5000],
    ['and', 5000],
  ])('a chain of %s, %i long', (op, length) => {
    const query = Array.from({ length }, () => 'x').join(` ${op} `);
    expect(answersOrRefuses(query)).toMatch(/^(answered|query is nested too deeply|unexpected)/);
  });

  test('a chain of unary minus', () => {
    expect(answersOrRefuses(`${'-'.repeat(5000)}x`)).toMatch(/^(query is nested too deeply|unexpected)/);
  });

  test('brackets inside strings and comments do not count', () => {
    const query = `count(x{a="${'('.repeat(300)}"}) # ${'['.repeat(300)}`;
    expect(parsePromQL(query).diagnostics).toEqual([]);
  });
});
