import { EqlRegex, EqlSingle, Neq } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { metricIndex } from '../../../src/engine/views/metricIndex.ts';
import { seriesName } from '../../../src/engine/world/labels.ts';
import { MetricStore } from '../../../src/engine/world/metricStore.ts';
import { worldPrometheusClient } from '../../../src/ui/editor/promqlClient.ts';
import { alignSeries, formatValue, legendOf } from '../../../src/ui/metrics/seriesFormat.ts';

describe('seriesName', () => {
  it.each([
    [{ __name__: 'up', service: 'cart' }, 'up{service="cart"}'],
    [{ status: '500', route: '/x' }, '{status="500", route="/x"}'],
    [{}, '{}'],
  ])('%o → %s', (labels, want) => expect(seriesName(labels)).toBe(want));
});

describe('legendOf', () => {
  it.each([
    ['{{status}}', { status: '500' }, '500'],
    ['{{ route }} {{status}}', { route: '/cart', status: '200' }, '/cart 200'],
    ['{{missing}} share', { status: '200' }, ' share'],
    [undefined, { __name__: 'up', job: 'x' }, 'up{job="x"}'],
  ])('%s with %o → %s', (template, labels, want) => expect(legendOf(template, labels)).toBe(want));
});

describe('alignSeries', () => {
  it('takes the union of the times and leaves gaps as null', () => {
    expect(
      alignSeries([
        [
          { t: 1000, v: 1 },
          { t: 3000, v: Number.NaN },
        ],
        [{ t: 2000, v: 5 }],
      ]),
    ).toEqual({
      xs: [1, 2, 3],
      ys: [
        [1, null, null],
        [null, 5, null],
      ],
    });
  });
});

describe('formatValue', () => {
  it.each([
    [0.1234, 'percentunit', '12.34%'],
    [0.25, 's', '250 ms'],
    [2.5, 's', '2.5 s'],
    [3.33333, 'reqps', '3.333 req/s'],
    [2048, 'bytes', '2 KiB'],
    [12345.6, undefined, '12,346'],
    [null, undefined, '–'],
    [Number.NaN, 'ms', '–'],
  ])('%s %s → %s', (v, unit, want) => expect(formatValue(v, unit)).toBe(want));
});

describe('the PromQL editor client over a world metric index', () => {
  const store = new MetricStore();
  const ts = new Float64Array([0]);
  const v = new Float64Array([1]);
  store.describe('http_requests_total', { type: 'counter', help: 'Requests served.' });
  store.add({ __name__: 'http_requests_total', service: 'cart', status: '200' }, ts, v);
  store.add({ __name__: 'http_requests_total', service: 'cart', status: '500' }, ts, v);
  store.add({ __name__: 'http_requests_total', service: 'web', status: '200' }, ts, v);
  store.add({ __name__: 'up', service: 'web' }, ts, v);
  // A family declared by its OpenMetrics name, whose series carry _total.
  store.describe('jobs', { type: 'counter', help: 'Jobs run.' });
  store.add({ __name__: 'jobs_total', service: 'web' }, ts, v);
  const client = worldPrometheusClient(async () => metricIndex(store));

  it('answers metric names, label names, values, series and metadata', async () => {
    expect(await client.metricNames()).toEqual(['http_requests_total', 'jobs_total', 'up']);
    expect(await client.metricNames('ht')).toEqual(['http_requests_total']);
    expect(await client.labelNames('up')).toEqual(['service']);
    expect(await client.labelNames()).toEqual(['service', 'status']);
    expect(await client.labelValues('status', 'http_requests_total')).toEqual(['200', '500']);
    expect(
      await client.labelValues('status', 'http_requests_total', [
        { type: EqlSingle, name: 'service', value: 'web', matchesEmpty: () => false },
      ]),
    ).toEqual(['200']);
    expect(
      await client.labelValues('service', undefined, [
        { type: Neq, name: 'status', value: '200', matchesEmpty: () => false },
      ]),
    ).toEqual(['cart', 'web']);
    expect(
      await client.labelValues('status', 'http_requests_total', [
        { type: EqlRegex, name: 'service', value: 'c.*', matchesEmpty: () => false },
      ]),
    ).toEqual(['200', '500']);
    expect(await client.labelValues('__name__')).toEqual(['http_requests_total', 'jobs_total', 'up']);
    expect(await client.metricMetadata()).toEqual({
      http_requests_total: [{ type: 'counter', help: 'Requests served.' }],
      jobs_total: [{ type: 'counter', help: 'Jobs run.' }],
      up: [{ type: 'unknown', help: '' }],
    });
    expect((await client.series('up')).map((m) => Object.fromEntries(m))).toEqual([
      { __name__: 'up', service: 'web' },
    ]);
  });
});
