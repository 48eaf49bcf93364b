import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantQuery, rangeQuery } from '../../../src/engine/query/promql/index.ts';
import type { RunningServer } from '../../../src/server/httpServer.ts';
import { fixtureSource, promtool, promtoolText, request, T0 } from './fixture.ts';

const source = fixtureSource();
const store = source.metrics!;
let server: RunningServer;
let bare: RunningServer;

beforeAll(async () => {
  const { startQueryServer } = await import('./fixture.ts');
  server = await startQueryServer(source);
  bare = await startQueryServer(fixtureSource(false));
});
afterAll(async () => {
  await server.close();
  await bare.close();
});

const HOUR = 3600;
const t0 = T0 / 1000;

describe('promtool query instant against the server', () => {
  const cases: { expr: string; at: number }[] = [
    { expr: 'http_requests_total{service="api",code="500"}', at: t0 + 2 * HOUR },
    { expr: 'sum by (service) (rate(http_requests_total[5m]))', at: t0 + HOUR },
    {
      expr: 'histogram_quantile(0.9, sum by (le) (rate(request_duration_seconds_bucket[5m])))',
      at: t0 + HOUR + 30,
    },
    { expr: 'memory_bytes', at: t0 + 1.2 * HOUR },
    { expr: 'count(up)', at: t0 + HOUR },
    { expr: '1 + 1', at: t0 + 90.5 },
  ];
  it.each(cases)('$expr at $at', async ({ expr, at }) => {
    const expected = instantQuery(store, expr, at * 1000);
    if (!expected.ok) throw new Error(expected.errors[0]!.message);
    const out = await promtool('query', 'instant', '--time', String(at), server.url, expr);
    expect(out).toBe(`${promtoolText(expected.value)}\n`);
  });

  it('passes RFC 3339 times', async () => {
    const out = await promtool('query', 'instant', '--time', '2026-10-25T01:00:00Z', server.url, '2 * 3');
    expect(out).toBe(`scalar: 6 @[${t0 + HOUR}]\n`);
  });
});

describe('promtool query range against the server', () => {
  const cases: { expr: string; start: number; end: number; step: string; stepS: number }[] = [
    {
      expr: 'rate(http_requests_total{service="web"}[5m])',
      start: t0 + HOUR,
      end: t0 + HOUR + 600,
      step: '1m',
      stepS: 60,
    },
    {
      expr: 'sum by (code) (increase(http_requests_total[10m]))',
      start: t0,
      end: t0 + 3 * HOUR,
      step: '15m',
      stepS: 900,
    },
    { expr: 'max_over_time(memory_bytes[2m])', start: t0 + 3500, end: t0 + 5000, step: '5m', stepS: 300 },
  ];
  it.each(cases)('$expr step $step', async ({ expr, start, end, step, stepS }) => {
    const expected = rangeQuery(store, expr, start * 1000, end * 1000, stepS * 1000);
    if (!expected.ok) throw new Error(expected.errors[0]!.message);
    const out = await promtool(
      'query',
      'range',
      `--start=${start}`,
      `--end=${end}`,
      `--step=${step}`,
      server.url,
      expr,
    );
    expect(out).toBe(`${promtoolText(expected.value)}\n`);
  });
});

describe('Prometheus HTTP API', () => {
  it('answers labels, label values, series and metadata', async () => {
    expect(await request(server, '/api/v1/labels')).toEqual({
      status: 200,
      body: { status: 'success', data: ['__name__', 'code', 'instance', 'le', 'room', 'service'] },
    });
    expect(await request(server, '/api/v1/label/__name__/values')).toEqual({
      status: 200,
      body: {
        status: 'success',
        data: [
          'http_requests_total',
          'memory_bytes',
          'request_duration_seconds_bucket',
          'request_duration_seconds_count',
          'request_duration_seconds_sum',
          'temperature_celsius',
        ],
      },
    });
    expect(
      await request(server, `/api/v1/labels?match[]=temperature_celsius&start=${t0}&end=${t0 + 600}`),
    ).toEqual({ status: 200, body: { status: 'success', data: [] } });
    expect(
      await request(server, '/api/v1/series', { 'match[]': 'memory_bytes{service=~"api|web"}' }),
    ).toEqual({
      status: 200,
      body: {
        status: 'success',
        data: [
          { __name__: 'memory_bytes', service: 'api' },
          { __name__: 'memory_bytes', service: 'web' },
        ],
      },
    });
    expect(await request(server, '/api/v1/metadata?metric=memory_bytes')).toEqual({
      status: 200,
      body: {
        status: 'success',
        data: { memory_bytes: [{ type: 'gauge', help: 'Resident memory.', unit: '' }] },
      },
    });
  });

  it('answers a POSTed form as Grafana sends it', async () => {
    const expected = instantQuery(store, 'count(memory_bytes)', (t0 + HOUR) * 1000);
    expect(expected.ok).toBe(true);
    expect(
      await request(server, '/api/v1/query', { query: 'count(memory_bytes)', time: String(t0 + HOUR) }),
    ).toEqual({
      status: 200,
      body: {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [t0 + HOUR, '3'] }] },
      },
    });
  });

  const errors: { path: string; status: number; errorType: string; error: string }[] = [
    {
      path: '/api/v1/query?query=sum(',
      status: 400,
      errorType: 'bad_data',
      error: '1:5: parse error: unexpected end of input',
    },
    {
      path: '/api/v1/query?query=up&time=yesterday',
      status: 400,
      errorType: 'bad_data',
      error: 'invalid parameter "time": cannot parse "yesterday" to a valid timestamp',
    },
    {
      path: '/api/v1/query_range?query=up&start=10&end=5&step=1',
      status: 400,
      errorType: 'bad_data',
      error: 'end timestamp must not be before start time',
    },
    {
      path: '/api/v1/query_range?query=up&start=0&end=5',
      status: 400,
      errorType: 'bad_data',
      error: 'invalid parameter "step": cannot parse "" to a valid duration',
    },
    {
      path: '/api/v1/query_range?query=up&start=0&end=5&step=0',
      status: 400,
      errorType: 'bad_data',
      error: 'zero or negative query resolution step widths are not accepted. Try a positive integer',
    },
    {
      path: '/api/v1/query_range?query=up&start=0&end=100000&step=1',
      status: 400,
      errorType: 'bad_data',
      error:
        'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    },
    {
      path: '/api/v1/query_range?query=up[5m]&start=0&end=5&step=1',
      status: 400,
      errorType: 'bad_data',
      error: 'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    },
    { path: '/api/v1/series', status: 400, errorType: 'bad_data', error: 'no match[] parameter provided' },
    {
      path: '/api/v1/series?match[]=rate(up[5m])',
      status: 400,
      errorType: 'bad_data',
      error: 'invalid parameter "match[]": "rate(up[5m])" is not a series selector',
    },
    {
      path: '/api/v1/label/not-a-name/values',
      status: 400,
      errorType: 'bad_data',
      error: 'invalid label name: "not-a-name"',
    },
  ];
  it.each(errors)('refuses $path', async ({ path, status, errorType, error }) => {
    expect(await request(server, path)).toEqual({ status, body: { status: 'error', errorType, error } });
  });

  it('answers "unavailable" while the world has no metrics', async () => {
    const body = {
      status: 'error',
      errorType: 'unavailable',
      error: "this scenario's world has no metrics yet",
    };
    expect(await request(bare, '/api/v1/query?query=up')).toEqual({ status: 503, body });
    expect(await request(bare, '/api/v1/labels')).toEqual({ status: 503, body });
  });

  it('makes promtool fail with the API error', async () => {
    await expect(promtool('query', 'instant', server.url, 'sum(')).rejects.toThrow(
      'bad_data: 1:5: parse error: unexpected end of input',
    );
  });
});
