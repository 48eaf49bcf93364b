import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateLogQL, toLokiJSON } from '../../../src/engine/query/logql/index.ts';
import type { RunningServer } from '../../../src/server/httpServer.ts';
import { fixtureSource, request, startQueryServer, T0 } from './fixture.ts';

const source = fixtureSource(false);
let server: RunningServer;

beforeAll(async () => {
  server = await startQueryServer(source);
});
afterAll(async () => {
  await server.close();
});

const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
const HOUR_MS = 3_600_000;

/** The query string Grafana's Loki data source builds for a range query (`makeDataRequest`). */
function grafanaRange(query: string, startMs: number, endMs: number, stepMs: number): string {
  const qs = new URLSearchParams({
    direction: 'backward',
    end: ns(endMs),
    limit: '1000',
    query,
    start: ns(startMs),
    step: `${stepMs}ms`,
  });
  return `/loki/api/v1/query_range?${qs}`;
}

/** The evaluator's answer in Loki's shape, without the timing-dependent stats. */
function expected(
  query: string,
  startMs: number,
  endMs: number,
  extra: { stepMs?: number; instant?: boolean },
) {
  const r = evaluateLogQL(source.logs, query, {
    startMs,
    endMs,
    limit: 1000,
    direction: 'backward',
    ...extra,
  });
  const body = toLokiJSON(r);
  if (body.status !== 'success') throw new Error(body.error);
  return { resultType: body.data.resultType, result: body.data.result };
}

function withoutStats(body: unknown): unknown {
  const b = body as { status: string; data: { resultType: string; result: unknown; stats: unknown } };
  expect(Object.keys(b.data.stats as object)).toEqual(['summary']);
  return { status: b.status, data: { resultType: b.data.resultType, result: b.data.result } };
}

describe('Loki HTTP API, asked as Grafana asks', () => {
  const start = T0 + HOUR_MS;
  const end = T0 + HOUR_MS + 30 * 60_000;
  const cases: { query: string; resultType: string; firstStream?: Record<string, string>; count?: number }[] =
    [
      {
        query: '{service="billing"} |= "renewal failed"',
        resultType: 'streams',
        firstStream: { env: 'prod', instance: 'billing-0', service: 'billing' },
        count: 3,
      },
      { query: '{env="prod"}', resultType: 'streams', count: 90 },
      { query: 'sum by (service) (count_over_time({env="prod"} |= "error" [10m]))', resultType: 'matrix' },
    ];
  it.each(cases)('query_range $query', async ({ query, resultType, firstStream, count }) => {
    const answer = await request(server, grafanaRange(query, start, end, 60_000));
    expect(answer.status).toBe(200);
    const body = withoutStats(answer.body) as { data: { resultType: string; result: unknown[] } };
    expect(body).toEqual({ status: 'success', data: expected(query, start, end, { stepMs: 60_000 }) });
    expect(body.data.resultType).toBe(resultType);
    if (firstStream) expect((body.data.result[0] as { stream: unknown }).stream).toEqual(firstStream);
    if (count !== undefined) {
      const lines = (body.data.result as { values: [string, string][] }[]).flatMap((s) => s.values);
      expect(lines.length).toBe(count);
      // backward: the newest line first, its time in nanoseconds as a string
      const newest = lines.map(([t]) => t).sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1))[0];
      expect(typeof newest).toBe('string');
    }
  });

  it('returns billing errors newest first with nanosecond times', async () => {
    const answer = await request(
      server,
      grafanaRange('{service="billing"} |= "renewal failed"', start, end, 60_000),
    );
    const body = withoutStats(answer.body) as { data: { result: { values: [string, string][] }[] } };
    expect(body.data.result[0]!.values).toEqual([
      [ns(T0 + 80 * 60_000 + 1000), 'level=error msg="renewal failed" minute=80'],
      [ns(T0 + 70 * 60_000 + 1000), 'level=error msg="renewal failed" minute=70'],
      [ns(T0 + 60 * 60_000 + 1000), 'level=error msg="renewal failed" minute=60'],
    ]);
  });

  it('answers an instant metric query at a nanosecond time', async () => {
    const query = 'sum(count_over_time({service="billing"} |= "error" [1h]))';
    const at = T0 + 2 * HOUR_MS;
    const answer = await request(
      server,
      `/loki/api/v1/query?${new URLSearchParams({ query, time: ns(at), limit: '1000', direction: 'backward' })}`,
    );
    expect(answer.status).toBe(200);
    expect(withoutStats(answer.body)).toEqual({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [at / 1000, '6'] }] },
    });
  });

  it('lists labels and label values over a nanosecond range', async () => {
    const range = `start=${ns(T0)}&end=${ns(T0 + 3 * HOUR_MS)}`;
    expect(await request(server, `/loki/api/v1/labels?${range}`)).toEqual({
      status: 200,
      body: { status: 'success', data: ['env', 'instance', 'region', 'service'] },
    });
    expect(await request(server, `/loki/api/v1/label/service/values?${range}`)).toEqual({
      status: 200,
      body: { status: 'success', data: ['api', 'billing', 'web'] },
    });
    expect(await request(server, `/loki/api/v1/label/region/values`)).toEqual({
      status: 200,
      body: { status: 'success', data: ['eu'] },
    });
    expect(await request(server, `/loki/api/v1/labels?start=${ns(T0 - HOUR_MS)}&end=${ns(T0)}`)).toEqual({
      status: 200,
      body: { status: 'success', data: [] },
    });
  });

  it('takes a POSTed form and Unix-second times', async () => {
    const form = {
      query: '{service="api"}',
      start: String((T0 + 60_000) / 1000),
      end: `${(T0 + 120_000) / 1000}.0`,
      limit: '5',
    };
    const answer = await request(server, '/loki/api/v1/query_range', form);
    expect(withoutStats(answer.body)).toEqual({
      status: 'success',
      data: {
        resultType: 'streams',
        result: [
          {
            stream: { env: 'prod', instance: 'api-1', service: 'api' },
            values: [[ns(T0 + 60_000), 'level=info msg="request completed" minute=1']],
          },
        ],
      },
    });
  });

  const errors: { path: string; status: number; error: string }[] = [
    {
      path: `/loki/api/v1/query_range?query=${encodeURIComponent('{service="api"')}`,
      status: 400,
      error:
        'parse error at line 1, col 15: syntax error: unexpected end of query, expected a label matcher such as app="api" or a closing }',
    },
    {
      path: '/loki/api/v1/query_range?query={a="b"}&limit=0',
      status: 400,
      error: 'limit must be a positive value',
    },
    {
      path: '/loki/api/v1/query_range?query={a="b"}&limit=1000000000',
      status: 400,
      error: 'max entries limit per query exceeded, limit > max_entries_limit_per_query (1000000000 > 5000)',
    },
    {
      path: '/loki/api/v1/query_range?query={a="b"}&direction=sideways',
      status: 400,
      error: 'invalid direction: "sideways"',
    },
    {
      path: `/loki/api/v1/query_range?query={a="b"}&start=${ns(T0)}&end=${ns(T0)}`,
      status: 400,
      error: 'end timestamp must not be before or equal to start time',
    },
    {
      path: '/loki/api/v1/query_range?query={a="b"}&step=0',
      status: 400,
      error: 'zero or negative query resolution step widths are not accepted. Try a positive integer',
    },
    {
      path: '/loki/api/v1/query_range?query={a="b"}&start=soon',
      status: 400,
      error: 'invalid start parameter: cannot parse "soon" to a valid timestamp',
    },
    {
      path: '/loki/api/v1/query?query={a="b"}',
      status: 400,
      error:
        'log queries are not supported as an instant query type, please change your query to a range query type',
    },
  ];
  it.each(errors)('refuses $path', async ({ path, status, error }) => {
    expect(await request(server, path)).toEqual({
      status,
      body: { status: 'error', errorType: 'bad_data', error, message: error },
    });
  });
});
