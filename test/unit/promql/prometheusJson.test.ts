import { describe, expect, test } from 'vitest';
import { instantQuery, rangeQuery, toPrometheusJSON } from '../../../src/engine/query/promql/index.ts';
import { formatFloatF, formatSampleValue } from '../../../src/engine/query/promql/literals.ts';
import { buildStore } from './fixture.ts';

const store = buildStore();

describe('sample values are written as the Prometheus HTTP API writes them', () => {
  test.each([
    [1, '1'],
    [0.25, '0.25'],
    [1 / 3, '0.3333333333333333'],
    [1e-7, '1e-07'],
    [1.5e21, '1.5e+21'],
    [123456789012, '123456789012'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [Number.NaN, 'NaN'],
    [-0, '-0'],
  ])('%s → %s', (v, text) => {
    expect(formatSampleValue(v)).toBe(text);
  });

  test('count_values labels never use exponents', () => {
    expect(formatFloatF(1e21)).toBe('1000000000000000000000');
    expect(formatFloatF(1e-7)).toBe('0.0000001');
  });
});

describe('response bodies', () => {
  test('vector', () => {
    expect(toPrometheusJSON(instantQuery(store, 'sum by (job) (c_total{job="b"})', 600_500))).toBe(
      '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"b"},"value":[600.5,"80"]}]}}',
    );
  });

  test('matrix, with labels in name order', () => {
    expect(toPrometheusJSON(rangeQuery(store, 'c_total{job="b"} / 8', 0, 15_000, 15_000))).toBe(
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"inst":"1","job":"b"},"values":[[0,"0"],[15,"0.25"]]}]}}',
    );
  });

  test('scalar', () => {
    expect(toPrometheusJSON(instantQuery(store, '1 / 0', 1000))).toBe(
      '{"status":"success","data":{"resultType":"scalar","result":[1,"+Inf"]}}',
    );
  });

  test('a parse error is bad_data with its position', () => {
    expect(toPrometheusJSON(instantQuery(store, 'foo{a=}', 0))).toBe(
      '{"status":"error","errorType":"bad_data","error":"1:7: parse error: unexpected \\"}\\" in label matching, expected string"}',
    );
  });

  test('an evaluation error is an execution error', () => {
    const body = JSON.parse(toPrometheusJSON(instantQuery(store, 'c_total + on(job) c_total', 600_000)));
    expect(body.status).toBe('error');
    expect(body.errorType).toBe('execution');
    expect(body.error).toMatch(
      /^found duplicate series for the match group \{job="a"\} on the right hand-side/,
    );
  });
});
