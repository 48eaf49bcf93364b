import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PrometheusResponse } from '../../src/engine/query/promql/index.ts';
import { instantQuery, rangeQuery, toPrometheusResponse } from '../../src/engine/query/promql/index.ts';
import { writeOpenMetrics } from '../../src/engine/world/openMetrics.ts';
import { buildFixture, FIXTURE_START_MS } from './fixture.ts';
import type { PrometheusServer } from './prometheusServer.ts';
import { startPrometheus } from './prometheusServer.ts';

const store = buildFixture();
// Debian's Prometheus is 2.x: compare with its window rules.
const OPTS = { compat: 'prometheus2' } as const;
const at = (h: number, m: number, s = 0) => FIXTURE_START_MS + ((h * 60 + m) * 60 + s) * 1000;
const INSTANT_TIMES = [at(1, 0), at(1, 17, 37), at(2, 3, 10), at(3, 4)];
const RANGES = [
  { start: at(0, 20), end: at(2, 50), step: 60_000 },
  { start: at(1, 1, 7), end: at(2, 1, 7), step: 37_000 },
];

const QUERIES = [
  'http_requests_total',
  'http_requests_total{service="web"}',
  'http_requests_total{code!="200"}',
  'http_requests_total{service=~"bil.*|web", code!~"5.."}',
  'http_requests_total{service!~"api"} offset 10m',
  'memory_bytes',
  'memory_bytes @ 1792890000',
  'memory_bytes @ start()',
  'rate(http_requests_total[5m])',
  'rate(http_requests_total[5m] @ end())',
  'rate(http_requests_total[5m] offset 7m)',
  'irate(http_requests_total[1m])',
  'increase(http_requests_total[10m])',
  'resets(http_requests_total[1h])',
  'delta(memory_bytes[10m])',
  'idelta(memory_bytes[5m])',
  'deriv(memory_bytes[15m])',
  'predict_linear(memory_bytes[30m], 600)',
  'changes(memory_bytes[10m])',
  'sum by (service) (rate(http_requests_total[5m]))',
  'sum without (instance) (rate(http_requests_total[5m]))',
  'avg by (code) (http_requests_total)',
  'min(memory_bytes)',
  'max by (service) (memory_bytes)',
  'count(http_requests_total) by (service)',
  'stddev(memory_bytes)',
  'stdvar by (code) (rate(http_requests_total[5m]))',
  // Exact ties make topk's choice implementation-defined, so rank series whose rates never tie.
  'topk(2, rate(http_requests_total{service="web"}[5m]))',
  'topk(1, memory_bytes)',
  'bottomk(1, memory_bytes)',
  'quantile(0.9, rate(http_requests_total[5m]))',
  'count_values("n", count by (service) (http_requests_total))',
  'group by (service) (memory_bytes)',
  'histogram_quantile(0.9, sum by (le, service) (rate(request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.5, request_duration_seconds_bucket)',
  'avg_over_time(memory_bytes[10m])',
  'min_over_time(memory_bytes[10m]) + max_over_time(memory_bytes[10m])',
  'sum_over_time(temperature_celsius[10m]) / count_over_time(temperature_celsius[10m])',
  'last_over_time(memory_bytes[30m])',
  'present_over_time(memory_bytes[10m])',
  'quantile_over_time(0.75, memory_bytes[20m])',
  'stddev_over_time(memory_bytes[20m])',
  'stdvar_over_time(temperature_celsius[20m])',
  'absent_over_time(temperature_celsius[30m])',
  'absent(nonexistent{job="x"})',
  'absent(memory_bytes)',
  'abs(temperature_celsius)',
  'ceil(temperature_celsius) - floor(temperature_celsius)',
  'round(temperature_celsius, 5)',
  'clamp(temperature_celsius, 0, 20)',
  'clamp_min(temperature_celsius, 5) + clamp_max(temperature_celsius, 5)',
  'exp(temperature_celsius / 10)',
  'ln(memory_bytes) + log2(memory_bytes) + log10(memory_bytes)',
  'sqrt(memory_bytes)',
  'label_replace(memory_bytes, "svc", "$1-x", "service", "(.*)")',
  'label_join(http_requests_total, "id", "/", "service", "instance")',
  'time()',
  'timestamp(http_requests_total{service="web"})',
  'vector(1)',
  'scalar(sum(memory_bytes))',
  'sort(memory_bytes)',
  'sort_desc(rate(http_requests_total[5m]))',
  'rate(http_requests_total{code="500"}[5m]) / ignoring(code) rate(http_requests_total{code="200"}[5m])',
  'rate(http_requests_total[5m]) / on(service) group_left memory_bytes',
  'memory_bytes / on(service) group_right sum by (service, code) (http_requests_total)',
  'memory_bytes - memory_bytes offset 5m',
  '-2 ^ 2 + -memory_bytes @ 1792890000 > bool 0',
  'max_over_time(memory_bytes[10m:1m] @ 1792890000) - memory_bytes offset 1m',
  'memory_bytes > 1.2e8',
  'memory_bytes > bool 1.2e8',
  '1.2e8 < memory_bytes',
  '1 - memory_bytes / 1e9',
  '2 ^ 3 ^ 2',
  '-memory_bytes % 7',
  'http_requests_total and on(service) memory_bytes',
  'http_requests_total unless on(service) memory_bytes',
  'memory_bytes or temperature_celsius',
  'max_over_time(rate(http_requests_total[5m])[30m:1m])',
  'avg_over_time(memory_bytes[20m:])',
  'http_requests_total + on(service) memory_bytes',
  'sum(http_requests_total) by (service) + on() group_left sum(memory_bytes)',
  // Literals and unary minus as Prometheus' lexer reads them.
  '-2^---1*3',
  '- - - 1',
  '1 - -1',
  '+0.2 * memory_bytes',
  '2. * memory_bytes',
  '1./6.',
  '-inf',
  '-memory_bytes',
  // Go's inline regex flags, and a pattern that backtracks forever in JavaScript's own engine.
  'memory_bytes{service=~"(?i:WEB)"}',
  'memory_bytes{service=~"((?i)WEB)|api"}',
  'http_requests_total{service=~"(a+)+$|web", code!~"(?i)5.."}',
  // Aggregation keywords in any case.
  'SUM(memory_bytes) BY (service)',
  'COUNT(http_requests_total)',
  'Avg WITHOUT (instance) (http_requests_total)',
  // Errors Prometheus raises (the comparison wants an error from both).
  'topk(NaN, memory_bytes)',
  'changes({__name__=~"memory_bytes|request_duration_seconds_count"}[10m])',
  'sum by (__name__) (rate({__name__=~"request_duration_seconds_sum|request_duration_seconds_count"}[5m]))',
];

let prom: PrometheusServer;

beforeAll(async () => {
  prom = await startPrometheus(writeOpenMetrics(store));
});

afterAll(() => {
  prom?.stop();
});

async function ask(path: string, params: Record<string, string>): Promise<PrometheusResponse> {
  const res = await fetch(`${prom.url}${path}?${new URLSearchParams(params)}`);
  return (await res.json()) as PrometheusResponse;
}

type Row = { key: string; samples: [number, number][] };

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Rows keyed by sorted label sets; values parsed back into numbers. */
function rows(r: PrometheusResponse): { type: string; rows: Row[] } {
  if (r.status !== 'success') return { type: 'error', rows: [] };
  const d = r.data;
  const key = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort());
  const num = ([t, v]: [number, string]): [number, number] => [t, Number(v.replace('Inf', 'Infinity'))];
  if (d.resultType === 'vector')
    return { type: 'vector', rows: d.result.map((e) => ({ key: key(e.metric), samples: [num(e.value)] })) };
  if (d.resultType === 'matrix')
    return {
      type: 'matrix',
      rows: d.result.map((e) => ({ key: key(e.metric), samples: e.values.map(num) })),
    };
  return { type: d.resultType, rows: [{ key: '', samples: [num(d.result)] }] };
}

function compare(ours: PrometheusResponse, theirs: PrometheusResponse, ordered: boolean): string[] {
  const a = rows(ours);
  const b = rows(theirs);
  if (a.type !== b.type) {
    return [
      `result type ${a.type} vs Prometheus ${b.type}: ${JSON.stringify(theirs).slice(0, 300)} / ours ${JSON.stringify(ours).slice(0, 300)}`,
    ];
  }
  const problems: string[] = [];
  const sortRows = (x: Row[]) => (ordered ? x : [...x].sort((p, q) => (p.key < q.key ? -1 : 1)));
  const ra = sortRows(a.rows);
  const rb = sortRows(b.rows);
  if (ra.map((r) => r.key).join('\n') !== rb.map((r) => r.key).join('\n')) {
    problems.push(
      `series differ:\n ours ${ra.map((r) => r.key).join(' ')}\n prom ${rb.map((r) => r.key).join(' ')}`,
    );
    return problems;
  }
  ra.forEach((row, i) => {
    const other = rb[i]!;
    if (row.samples.length !== other.samples.length) {
      problems.push(`${row.key}: ${row.samples.length} samples vs ${other.samples.length}`);
      return;
    }
    row.samples.forEach(([t, v], j) => {
      const [t2, v2] = other.samples[j]!;
      if (t !== t2 || !close(v, v2)) problems.push(`${row.key} @${t}: ${v} vs Prometheus ${t2}=${v2}`);
    });
  });
  return problems.slice(0, 5);
}

const ORDERED = /^(sort|sort_desc|topk|bottomk)\(/;

describe('PromQL answers match Prometheus', () => {
  test.each(QUERIES)('%s', async (query) => {
    const problems: string[] = [];
    for (const t of INSTANT_TIMES) {
      const theirs = await ask('/api/v1/query', { query, time: String(t / 1000) });
      const ours = toPrometheusResponse(instantQuery(store, query, t, OPTS));
      for (const p of compare(ours, theirs, ORDERED.test(query))) problems.push(`instant @${t / 1000}: ${p}`);
    }
    for (const r of RANGES) {
      const theirs = await ask('/api/v1/query_range', {
        query,
        start: String(r.start / 1000),
        end: String(r.end / 1000),
        step: String(r.step / 1000),
      });
      const ours = toPrometheusResponse(rangeQuery(store, query, r.start, r.end, r.step, OPTS));
      for (const p of compare(ours, theirs, false)) problems.push(`range step ${r.step / 1000}s: ${p}`);
    }
    expect(problems).toEqual([]);
  });
});
