import { describe, expect, test } from 'vitest';
import { metricQueryInstant, metricQueryRange } from '../../../src/engine/query/logql/index.ts';
import { at, fixtureStore } from './fixture.ts';

const store = fixtureStore();

/** An instant query's vector as `labels → value`. */
function instant(query: string, timeMs: number): Record<string, number> {
  const r = metricQueryInstant(store, query, timeMs);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  if (r.value.resultType === 'scalar') return { scalar: r.value.result.v };
  if (r.value.resultType !== 'vector') throw new Error(`unexpected ${r.value.resultType}`);
  return Object.fromEntries(r.value.result.map((e) => [JSON.stringify(e.labels), e.v]));
}

describe('instant metric queries at T0+60s (windows are (t - range, t])', () => {
  const t = at(60);
  const cases: { query: string; expected: Record<string, number> }[] = [
    {
      query: 'count_over_time({service="billing"}[1m])',
      expected: { '{"service":"billing","level":"info"}': 2, '{"service":"billing","level":"error"}': 2 },
    },
    // The line at exactly t - 1m (T0+0s) is outside the window.
    { query: 'sum(count_over_time({service="billing"}[1m]))', expected: { '{}': 4 } },
    { query: 'sum(count_over_time({service="billing"}[61s]))', expected: { '{}': 5 } },
    {
      query: 'sum by (level) (rate({service="billing"}[1m]))',
      expected: { '{"level":"error"}': 2 / 60, '{"level":"info"}': 2 / 60 },
    },
    {
      query: 'sum(rate({service="billing"}[1m])) by (level)',
      expected: { '{"level":"error"}': 2 / 60, '{"level":"info"}': 2 / 60 },
    },
    {
      query: 'sum without (level) (count_over_time({service="billing"}[1m]))',
      expected: { '{"service":"billing"}': 4 },
    },
    { query: 'count(count_over_time({service=~".+"}[1m]))', expected: { '{}': 5 } },
    {
      query: 'topk(1, sum by (service) (count_over_time({service=~".+"}[2m])))',
      expected: { '{"service":"billing"}': 5 },
    },
    {
      query: 'bottomk(1, sum by (service) (count_over_time({service=~".+"}[2m])))',
      expected: { '{"service":"web"}': 3 },
    },
    { query: 'sum(bytes_over_time({service="worker"} |= "job" [1m]))', expected: { '{}': 13 } },
    { query: 'sum(bytes_rate({service="worker"} |= "job" [10s] offset 35s))', expected: { '{}': 1.3 } },
    {
      query: 'sum_over_time({service="billing"} | logfmt | unwrap user [2m]) by (level)',
      expected: { '{"level":"error"}': 89, '{"level":"info"}': 127 },
    },
    {
      query: 'max_over_time({service="billing"} | logfmt | unwrap duration(duration) [2m]) by (service)',
      expected: { '{"service":"billing"}': 2 },
    },
    {
      query: 'min_over_time({service="billing"} | logfmt | unwrap duration(duration) [2m]) by (service)',
      expected: { '{"service":"billing"}': 0.08 },
    },
    {
      query: 'avg_over_time({service="billing"} | logfmt | unwrap bytes(size) [2m]) by (service)',
      expected: { '{"service":"billing"}': (2000 + 20e6 + 512) / 3 },
    },
    {
      query:
        'quantile_over_time(0.5, {service="api"} | json | __error__="" | unwrap latency_ms [2m]) by (method)',
      expected: { '{"method":"GET"}': 12.5, '{"method":"POST"}': 1075 },
    },
    // Aggregating __error__ away is accepted, as in Loki.
    { query: 'sum(count_over_time({service="api"} | json | __error__!="" [2m]))', expected: { '{}': 1 } },
    { query: 'sum(count_over_time({service="api"} | json [2m]))', expected: { '{}': 4 } },
    { query: 'sum(count_over_time({service="billing"}[1m])) * 2 + 1', expected: { '{}': 9 } },
    { query: '2 * 3 + 1', expected: { scalar: 7 } },
    { query: '1 + 2 * 3 ^ 2', expected: { scalar: 19 } },
    {
      query: 'sum by (level) (count_over_time({service="billing"}[2m])) > 2',
      expected: { '{"level":"info"}': 3 },
    },
    {
      query: 'sum by (level) (count_over_time({service="billing"}[2m])) > bool 2',
      expected: { '{"level":"error"}': 0, '{"level":"info"}': 1 },
    },
    {
      query:
        'sum by (level) (count_over_time({service="billing"} |= "charge" [2m])) / sum by (level) (count_over_time({service="billing"}[2m]))',
      expected: { '{"level":"error"}': 1, '{"level":"info"}': 1 / 3 },
    },
    {
      query:
        'sum(count_over_time({service="billing"}[2m])) / on () sum(count_over_time({service=~".+"}[2m]))',
      expected: { '{}': 5 / 15 },
    },
    { query: 'vector(3)', expected: { '{}': 3 } },
    {
      query:
        'label_replace(sum by (service) (count_over_time({service="web"}[2m])), "svc", "$1-x", "service", "(w.*)")',
      expected: { '{"service":"web","svc":"web-x"}': 3 },
    },
    { query: 'absent_over_time({service="nope"}[1m])', expected: { '{"service":"nope"}': 1 } },
    { query: 'absent_over_time({service="web"}[1m])', expected: {} },
  ];
  test.each(cases)('$query', ({ query, expected }) => {
    const got = instant(query, t);
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expect(got[k]).toBeCloseTo(v, 10);
  });
});

describe('range metric queries', () => {
  test('count_over_time at each step; steps without lines have no sample', () => {
    const r = metricQueryRange(
      store,
      'sum(count_over_time({service="billing", level="error"}[10s]))',
      at(0),
      at(60),
      10_000,
    );
    expect(r.ok && r.value).toEqual({
      resultType: 'matrix',
      result: [
        {
          labels: {},
          samples: [
            { t: at(30), v: 1 },
            { t: at(40), v: 1 },
          ],
        },
      ],
    });
  });
  test('a metric query over a parse failure is an error naming the fix', () => {
    const r = metricQueryRange(
      store,
      'count_over_time({service="api"} | json | keep service [1m])',
      at(0),
      at(60),
      10_000,
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]!.message).toBe(
      'pipeline error: \'JSONParserErr\' for series: \'{__error__="JSONParserErr",service="api"}\'. ' +
        'Use a label filter to intentionally skip this error (e.g | __error__!="JSONParserErr"). ' +
        'To skip all potential errors you can match empty errors (e.g | __error__="")',
    );
  });
  test('too many steps are refused', () => {
    const r = metricQueryRange(store, 'count_over_time({service="api"}[1m])', 0, 1e9, 1);
    expect(!r.ok && r.errors[0]!.message).toMatch(/^exceeded maximum resolution of 11000 points/);
  });
});
