import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import type { FaultKind } from '../../../src/engine/scenario/faultKinds.ts';
import { FAULT_KINDS } from '../../../src/engine/scenario/faultKinds.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { Span } from '../../../src/engine/world/traceStore.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { faultWorld } from './faultWorld.ts';

const START = Date.parse('2026-03-01T00:15:00Z');
const END = Date.parse('2026-03-01T00:39:45Z');

interface Case {
  readonly kind: FaultKind;
  readonly fault: string;
  /** A log line only the fault writes: service and text. */
  readonly log: readonly [string, string];
  /** A PromQL expression that is at least `min` at the end of the window and below it before the fault. */
  readonly metric: string;
  readonly min: number;
  /** A span only the fault produces; absent for faults whose traces look healthy (then none may fail). */
  readonly span?: (s: Span, world: World) => boolean;
}

const errorType = (t: string) => (s: Span) => s.attributes['error.type'] === t;

const CASES: readonly Case[] = [
  {
    kind: 'cpu-saturation',
    fault: '{ id: f, kind: cpu-saturation, service: api, trigger: change, severity: 0.9 }',
    log: ['web', 'upstream timed out'],
    metric: 'min(rate(process_cpu_seconds_total{service="api"}[5m]))',
    min: 0.95,
    span: (s) => s.service === 'api' && s.kind === 'server' && s.durationMs > 200,
  },
  {
    kind: 'memory-leak',
    fault: '{ id: f, kind: memory-leak, service: api, trigger: change, severity: 0.8 }',
    log: ['api', 'JavaScript heap out of memory'],
    metric: 'sum(kube_pod_container_status_restarts_total{service="api"})',
    min: 2,
    span: errorType('ECONNRESET'),
  },
  {
    kind: 'gc-pauses',
    fault: '{ id: f, kind: gc-pauses, service: api, trigger: change, severity: 0.7 }',
    log: ['api', 'Mark-Compact'],
    metric: 'sum(rate(nodejs_gc_duration_seconds_sum{service="api"}[5m]))',
    min: 0.05,
    span: (s) => s.service === 'api' && s.kind === 'server' && s.durationMs > 500,
  },
  {
    kind: 'disk-full',
    fault: '{ id: f, kind: disk-full, service: db, trigger: change, severity: 0.9 }',
    log: ['db', 'No space left on device'],
    metric: '-max(node_filesystem_avail_bytes{service="db"})',
    min: 0,
    span: (s) => s.attributes['db.query.text'] === 'INSERT orders' && s.status === 'error',
  },
  {
    kind: 'connection-pool-exhaustion',
    fault:
      '{ id: f, kind: connection-pool-exhaustion, service: api, edge: { from: api, to: db }, trigger: change, severity: 0.9 }',
    log: ['api', 'timeout exceeded when trying to connect'],
    metric:
      'min(db_client_connections_usage{service="api",state="used"}) / min(db_client_connections_max{service="api"})',
    min: 1,
    span: errorType('pool_timeout'),
  },
  {
    kind: 'fd-exhaustion',
    fault: '{ id: f, kind: fd-exhaustion, service: api, trigger: change, severity: 0.8 }',
    log: ['api', 'EMFILE: too many open files'],
    metric: 'min(process_open_fds{service="api"} / process_max_fds{service="api"})',
    min: 1,
    span: errorType('EMFILE'),
  },
  {
    kind: 'edge-latency',
    fault:
      '{ id: f, kind: edge-latency, service: web, edge: { from: web, to: api }, trigger: change, addedLatency: 500ms }',
    log: ['web', 'upstream timed out'],
    metric: 'sum(rate(http_client_requests_total{service="web",status="timeout"}[5m]))',
    min: 5,
    span: (s) => s.service === 'web' && s.kind === 'client' && s.durationMs >= 300,
  },
  {
    kind: 'packet-loss',
    fault:
      '{ id: f, kind: packet-loss, service: web, edge: { from: web, to: api }, trigger: change, severity: 0.8 }',
    log: ['web', 'upstream prematurely closed connection'],
    metric: 'sum(rate(node_netstat_Tcp_RetransSegs{service="web"}[5m]))',
    min: 5,
    span: errorType('ECONNRESET'),
  },
  {
    kind: 'dependency-unreachable',
    fault:
      '{ id: f, kind: dependency-unreachable, service: api, edge: { from: api, to: db }, trigger: change }',
    log: ['api', 'connect ETIMEDOUT'],
    metric: 'sum(rate(db_client_operations_total{service="api",peer="db",status="ETIMEDOUT"}[5m]))',
    min: 1,
    span: errorType('ETIMEDOUT'),
  },
  {
    kind: 'dns-failure',
    fault:
      '{ id: f, kind: dns-failure, service: api, edge: { from: api, to: cache }, trigger: change, severity: 1 }',
    log: ['api', 'getaddrinfo EAI_AGAIN cache'],
    metric: 'sum(rate(db_client_operations_total{peer="cache",status="EAI_AGAIN"}[5m]))',
    min: 5,
    span: errorType('EAI_AGAIN'),
  },
  {
    kind: 'bad-deploy',
    fault:
      '{ id: f, kind: bad-deploy, service: api, route: "POST /v1/orders", trigger: change, log: { message: "TypeError: Cannot read properties of null (reading \'sku\')", stack: ["    at addLine (/app/src/order.ts:31:9)"] } }',
    log: ['api', "reading 'sku'"],
    metric: 'sum(rate(http_server_requests_total{service="web",route="/orders",status="502"}[5m]))',
    min: 2,
    span: errorType('TypeError'),
  },
  {
    kind: 'misconfiguration',
    fault: '{ id: f, kind: misconfiguration, service: api, edge: { from: api, to: db }, trigger: change }',
    log: ['api', 'connect ECONNREFUSED 10.0.'],
    metric: 'sum(rate(http_server_requests_total{service="api",status="500"}[5m]))',
    min: 2,
    span: errorType('ConfigError'),
  },
  {
    kind: 'expired-credential',
    fault: '{ id: f, kind: expired-credential, service: api, edge: { from: api, to: db }, trigger: change }',
    log: ['db', 'password authentication failed for user "api"'],
    metric: 'sum(rate(db_client_operations_total{status="invalid_password"}[5m]))',
    min: 2,
    span: errorType('invalid_password'),
  },
  {
    kind: 'flag-rollout',
    fault:
      '{ id: f, kind: flag-rollout, service: api, route: "GET /v1/items", segment: beta, trigger: change, log: { message: "TypeError: price.toFixed is not a function" } }',
    log: ['api', 'price.toFixed is not a function'],
    metric: 'sum(rate(http_server_requests_total{service="api",route="/v1/items",status="500"}[5m]))',
    min: 2,
    span: (s) =>
      s.attributes['feature_flag.key'] === 'new-pricing' && s.attributes['app.user.plan'] === 'beta',
  },
  {
    kind: 'retry-storm',
    fault:
      '{ id: f, kind: retry-storm, service: web, edge: { from: web, to: api }, trigger: change, severity: 0.8 }',
    log: ['api', 'service overloaded'],
    metric:
      'sum(rate(http_server_requests_total{service="api"}[5m])) / sum(rate(http_server_requests_total{service="web"}[5m]))',
    min: 1.3,
    span: (s) => Number(s.attributes['http.request.resend_count'] ?? 0) >= 2,
  },
  {
    kind: 'queue-backlog',
    fault: '{ id: f, kind: queue-backlog, service: worker, trigger: change, severity: 0.6 }',
    log: ['worker', 'consumer lag on queue'],
    metric: 'max(queue_consumer_lag_seconds)',
    min: 300,
    span: (s, world) => {
      if (s.kind !== 'consumer') return false;
      const producer = world.traces.trace(s.traceId).find((p) => p.kind === 'producer');
      return producer !== undefined && s.startMs - producer.startMs > 60_000;
    },
  },
  {
    kind: 'cache-stampede',
    fault:
      '{ id: f, kind: cache-stampede, service: api, edge: { from: api, to: cache }, trigger: change, severity: 1 }',
    log: ['db', 'statement: SELECT items'],
    metric: 'sum(rate(db_client_operations_total{peer="db",status="200"}[5m]))',
    min: 15,
    span: (s) => s.attributes['db.query.text'] === 'SELECT items' && s.durationMs > 250,
  },
  {
    kind: 'timezone-defect',
    fault:
      '{ id: f, kind: timezone-defect, service: api, route: "POST /v1/orders", segment: beta, trigger: change, counter: { name: orders_total, factor: 2 }, log: { level: info, message: "order scheduled for 2026-03-01T01:00:00+01:00" } }',
    log: ['api', 'order scheduled for'],
    metric: 'sum(rate(orders_total{segment="beta"}[5m])) / sum(rate(orders_total{segment="default"}[5m]))',
    min: 0.6,
  },
  {
    kind: 'silent-data-error',
    fault:
      '{ id: f, kind: silent-data-error, service: api, route: "POST /v1/orders", trigger: change, counter: { name: orders_total, factor: 0 }, log: { level: info, message: "order total computed: 0.00 EUR" } }',
    log: ['api', 'order total computed: 0.00 EUR'],
    metric: '-sum(rate(orders_total[5m]))',
    min: 0,
  },
  {
    kind: 'custom',
    fault:
      '{ id: f, kind: custom, service: api, route: "POST /v1/orders", trigger: change, errorRate: 0.5, status: 402, log: { level: warn, message: "payment declined: card_velocity_exceeded" } }',
    log: ['api', 'card_velocity_exceeded'],
    metric: 'sum(rate(http_server_requests_total{service="web",status="402"}[5m]))',
    min: 1,
    span: (s) => s.attributes['http.response.status_code'] === 402,
  },
];

function metricAt(world: World, expr: string, t: number): number {
  const r = instantQuery(world.metrics, expr, t);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  if (r.value.resultType !== 'vector') return Number.NaN;
  return r.value.result[0]?.v ?? Number.NaN;
}

describe('every fault kind leaves symptoms in logs, metrics and traces', () => {
  it('covers the whole taxonomy', () => {
    expect(CASES.map((c) => c.kind).sort()).toEqual([...FAULT_KINDS].sort());
  });

  for (const c of CASES) {
    it(c.kind, () => {
      const world = simulate(faultWorld(c.fault));
      const [service, contains] = c.log;
      const before = searchLogs(world, { service, contains, endMs: START, limit: 1 });
      const after = searchLogs(world, { service, contains, startMs: START, limit: 1 });
      expect({ before: before.matched, after: after.matched > 0 }).toEqual({ before: 0, after: true });
      const early = metricAt(world, c.metric, START - 60_000);
      const late = metricAt(world, c.metric, END);
      expect({ early: early >= c.min, late: late >= c.min }).toEqual({ early: false, late: true });
      const test = c.span ?? ((s: Span) => s.status === 'error');
      let found = false;
      let foundBefore = false;
      for (let row = 0; row < world.traces.size && !(found && foundBefore); row++) {
        const s = world.traces.span(row);
        if (!test(s, world)) continue;
        if (s.startMs < START) foundBefore = true;
        else found = true;
      }
      expect({ found, foundBefore }).toEqual({ found: c.span !== undefined, foundBefore: false });
    });
  }
});

describe('a fault on an edge that fails nothing', () => {
  it("leaves its message on the caller's lines, at its level, on requests that still succeed", () => {
    const world = simulate(
      faultWorld(
        '{ id: f, kind: edge-latency, service: api, edge: { from: api, to: db }, trigger: change, addedLatency: 150ms, log: { level: warn, message: "slow query: SELECT items took 190ms" } }',
      ),
    );
    const before = searchLogs(world, { service: 'api', contains: 'slow query', endMs: START, limit: 1 });
    const after = searchLogs(world, { service: 'api', contains: 'slow query', startMs: START, limit: 5 });
    expect(before.matched).toBe(0);
    expect(after.matched).toBeGreaterThan(0);
    for (const e of after.lines) expect(JSON.parse(e.line)).toMatchObject({ level: 'warn', status: 200 });
  });
});
