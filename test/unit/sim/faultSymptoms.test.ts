import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import type { FaultKind } from '../../../src/engine/scenario/faultKinds.ts';
import { FAULT_KINDS } from '../../../src/engine/scenario/faultKinds.ts';
import { messageIdOf } from '../../../src/engine/sim/faults/effects.ts';
import { mitigationOf } from '../../../src/engine/sim/response/response.ts';
import { Run } from '../../../src/engine/sim/run.ts';
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

/** A client span whose server child is stamped earlier than the call: the callee's clock is behind. */
function calledLaterThanServed(s: Span, world: World): boolean {
  if (s.kind !== 'client') return false;
  return world.traces
    .trace(s.traceId)
    .some((c) => c.parentSpanId === s.spanId && c.kind === 'server' && c.startMs < s.startMs - 1000);
}

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
    kind: 'clock-skew',
    fault: '{ id: f, kind: clock-skew, service: api, trigger: change, severity: 0.8 }',
    log: ['api', 'NotBeforeError: jwt not active'],
    metric: '-min(node_timex_offset_seconds{service="api"})',
    min: 60,
    span: calledLaterThanServed,
  },
  {
    kind: 'lock-contention',
    fault:
      '{ id: f, kind: lock-contention, service: db, route: "INSERT orders", trigger: change, severity: 0.8 }',
    log: ['db', 'still waiting for ShareLock'],
    metric: 'max(pg_stat_activity_count{service="db",wait_event_type="Lock"})',
    min: 5,
    span: (s) => s.attributes['db.query.text'] === 'INSERT orders' && s.durationMs > 300,
  },
  {
    kind: 'noisy-neighbour',
    fault: '{ id: f, kind: noisy-neighbour, service: api, trigger: change, severity: 1 }',
    log: ['web', 'upstream timed out'],
    metric: 'max(rate(node_pressure_cpu_waiting_seconds_total{service="api"}[5m]))',
    min: 0.5,
    span: (s) => s.service === 'api' && s.kind === 'server' && s.durationMs > 150,
  },
  {
    kind: 'port-exhaustion',
    fault: '{ id: f, kind: port-exhaustion, service: api, trigger: change, severity: 0.9 }',
    log: ['api', 'connect EADDRNOTAVAIL'],
    metric: 'max(node_nf_conntrack_entries{service="api"} / node_nf_conntrack_entries_limit{service="api"})',
    min: 0.99,
    span: errorType('EADDRNOTAVAIL'),
  },
  {
    kind: 'credential-rotation',
    fault:
      '{ id: f, kind: credential-rotation, service: api, edge: { from: api, to: db }, trigger: change, severity: 1 }',
    log: ['db', 'Password does not match for user "api"'],
    metric: 'sum(rate(db_client_operations_total{service="api",status="invalid_password"}[5m]))',
    min: 1,
    span: errorType('invalid_password'),
  },
  {
    kind: 'quota-exhausted',
    fault:
      '{ id: f, kind: quota-exhausted, service: web, edge: { from: web, to: api }, trigger: change, severity: 0.6 }',
    log: ['api', 'Quota exceeded'],
    metric: 'sum(rate(http_client_requests_total{service="web",peer="api",status="429"}[5m]))',
    min: 2,
    span: (s) =>
      s.service === 'web' && s.kind === 'client' && s.attributes['http.response.status_code'] === 429,
  },
  {
    kind: 'poison-message',
    fault: '{ id: f, kind: poison-message, service: worker, trigger: change, severity: 0.6 }',
    log: ['worker', 'failed, requeued'],
    metric: 'max(queue_partition_messages_ready) - min(queue_partition_messages_ready)',
    min: 200,
    span: (s) =>
      s.kind === 'consumer' &&
      s.status === 'error' &&
      s.attributes['messaging.message.id'] === messageIdOf('f'),
  },
  {
    kind: 'thundering-herd',
    fault:
      '{ id: f, kind: thundering-herd, service: web, edge: { from: web, to: api }, from: 2026-03-01T00:15:00Z, severity: 0.5 }',
    log: ['api', 'request queue full'],
    metric: 'sum(increase(http_server_requests_total{service="api"}[30m]))',
    min: 40_000,
    span: (s) => s.service === 'web' && s.kind === 'client' && s.status === 'error',
  },
  {
    kind: 'data-loss',
    fault:
      '{ id: f, kind: data-loss, service: api, route: "GET /v1/items", segment: beta, trigger: change, severity: 0.3 }',
    log: ['api', '] deleted item id='],
    metric: 'sum(rate(pg_stat_user_tables_n_tup_del{relname="items"}[5m]))',
    min: 2,
    span: (s) => s.service === 'api' && s.attributes['http.response.status_code'] === 404,
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

/**
 * Kinds whose world needs more than this shop (a sharded store, a database in two regions, a read
 * replica): each has a test file of its own.
 */
const TESTED_APART: readonly FaultKind[] = ['hot-key', 'split-brain', 'replication-lag'];

describe('every fault kind leaves symptoms in logs, metrics and traces', () => {
  it('covers the whole taxonomy', () => {
    expect([...CASES.map((c) => c.kind), ...TESTED_APART].sort()).toEqual([...FAULT_KINDS].sort());
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

/** The instances whose spans match, from the fault's start on. */
function instancesOf(world: World, test: (s: Span) => boolean): Set<string> {
  const out = new Set<string>();
  for (let row = 0; row < world.traces.size; row++) {
    const s = world.traces.span(row);
    if (s.startMs >= START && test(s)) out.add(String(s.attributes['service.instance.id']));
  }
  return out;
}

describe('faults confined to some hosts', () => {
  it('a clock behind on one instance of two fails tokens there only, and its offset says so', () => {
    const world = simulate(
      faultWorld('{ id: f, kind: clock-skew, service: api, trigger: change, severity: 0.5 }'),
    );
    const failing = instancesOf(
      world,
      (s) => s.service === 'api' && s.attributes['http.response.status_code'] === 401,
    );
    expect(failing.size).toBe(1);
    const [host] = [...failing];
    const offset = (inst: string) =>
      metricAt(world, `node_timex_offset_seconds{service="api",instance="${inst}"}`, END);
    const other = world.instances.api!.find((i) => i !== host)!;
    expect({ skewed: offset(host!) < -60, other: Math.abs(offset(other)) < 0.01 }).toEqual({
      skewed: true,
      other: true,
    });
  });

  it('a clock behind on the instance a fault names is behind there, not on one picked for it', () => {
    for (const name of ['api-1', 'api-2']) {
      const world = simulate(
        faultWorld(
          `{ id: f, kind: clock-skew, service: api, instances: [${name}], trigger: change, severity: 0.5 }`,
        ),
      );
      const failing = instancesOf(
        world,
        (s) => s.service === 'api' && s.attributes['http.response.status_code'] === 401,
      );
      expect([...failing]).toEqual([world.instances.api![Number(name.slice(-1)) - 1]]);
    }
  });

  it("a noisy neighbour slows one instance while the service's own CPU stays as it was", () => {
    const world = simulate(
      faultWorld('{ id: f, kind: noisy-neighbour, service: api, trigger: change, severity: 0.8 }'),
    );
    const slow = instancesOf(world, (s) => s.service === 'api' && s.kind === 'server' && s.durationMs > 150);
    expect(slow.size).toBe(1);
    const cpu = (t: number) => metricAt(world, 'sum(rate(process_cpu_seconds_total{service="api"}[5m]))', t);
    expect(cpu(END) / cpu(START - 60_000)).toBeLessThan(1.3);
  });

  it('packets lost from one instance fail and retransmit there, while the other instance stays clean', () => {
    const world = simulate(
      faultWorld(
        '{ id: f, kind: packet-loss, service: api, edge: { from: api, to: db }, instances: [api-2], trigger: change, severity: 0.6 }',
      ),
    );
    const [healthy, lossy] = world.instances.api!;
    const failing = instancesOf(
      world,
      (s) => s.service === 'api' && s.attributes['error.type'] === 'ECONNRESET',
    );
    expect([...failing]).toEqual([lossy]);
    const retrans = (inst: string) =>
      metricAt(world, `rate(node_netstat_Tcp_RetransSegs{service="api",instance="${inst}"}[5m])`, END);
    expect({ lossy: retrans(lossy!) > 1, healthy: retrans(healthy!) < 0.1 }).toEqual({
      lossy: true,
      healthy: true,
    });
  });

  it('a rotated secret fails only the callers started before the rotation, and a restart reloads it', () => {
    const scenario = faultWorld(
      '{ id: f, kind: credential-rotation, service: api, edge: { from: api, to: db }, trigger: change, severity: 0 }',
    );
    const world = simulate(scenario);
    const failing = instancesOf(world, (s) => s.attributes['error.type'] === 'invalid_password');
    expect(failing.size).toBe(1);
    const run = new Run(scenario, scenario.seed);
    const at = Date.parse('2026-03-01T00:20:00Z');
    run.mitigate(mitigationOf(scenario, 'restart:api'), at);
    run.advanceTo(END);
    const h = run.health;
    const late = h.window(h.ticks - 20, h.ticks);
    expect({ requests: late.requests > 100, affected: late.affected }).toEqual({
      requests: true,
      affected: 0,
    });
  });
});

describe('a spent quota', () => {
  it('caps the calls the provider answers and refuses the rest with 429', () => {
    const world = simulate(
      faultWorld(
        '{ id: f, kind: quota-exhausted, service: web, edge: { from: web, to: api }, trigger: change, severity: 0.6 }',
      ),
    );
    const ok = (t: number) =>
      metricAt(world, 'sum(rate(http_client_requests_total{service="web",peer="api",status="200"}[5m]))', t);
    const refused = metricAt(
      world,
      'sum(rate(http_client_requests_total{service="web",peer="api",status="429"}[5m]))',
      END,
    );
    expect(ok(END) / ok(START - 60_000)).toBeLessThan(0.7);
    expect(refused / (ok(END) + refused)).toBeGreaterThan(0.3);
  });
});

/** The worker's code history, with one commit a hot fix can revert. */
const WORKER_CODE = `
code:
  repo: shop/worker
  service: worker
  emailDomain: shop.example
  files:
    - { path: consume.go, language: go, content: "package main" }
  commits:
    - id: 1a2b3c4
      author: dev
      date: 2026-02-20T10:00:00Z
      message: Decode order events
      changes:
        - { path: consume.go, content: "package main // decode order events" }
`;

describe('a poison message', () => {
  it('is delivered again and again while its partition waits: the oldest message ages with the fault', () => {
    const world = simulate(
      faultWorld('{ id: f, kind: poison-message, service: worker, trigger: change, severity: 0.5 }'),
    );
    const lag = metricAt(world, 'max(queue_consumer_lag_seconds)', END);
    expect(lag).toBeGreaterThan((END - START) / 1000 - 60);
    const redelivered = metricAt(world, 'sum(increase(queue_messages_redelivered_total[10m]))', END);
    expect(redelivered).toBeGreaterThan(100);
    const ids = new Set<string>();
    for (let row = 0; row < world.traces.size; row++) {
      const s = world.traces.span(row);
      if (s.kind === 'consumer' && s.status === 'error')
        ids.add(String(s.attributes['messaging.message.id']));
    }
    expect([...ids]).toEqual([messageIdOf('f')]);
  });

  it('ends with a hot fix of its consumer, which gets past the message', () => {
    const scenario = faultWorld(
      '{ id: f, kind: poison-message, service: worker, trigger: change, severity: 0.5 }',
      WORKER_CODE,
    );
    const run = new Run(scenario, scenario.seed, { healthOnly: true });
    run.extendTo(END + 30 * 60_000);
    run.mitigate(mitigationOf(scenario, 'hotfix:worker:1a2b3c4'), Date.parse('2026-03-01T00:20:00Z'));
    run.advanceTo(END + 30 * 60_000);
    const h = run.health;
    expect(h.window(0, h.ticks - 40).affected).toBeGreaterThan(0);
    expect(h.window(h.ticks - 20, h.ticks).affected).toBe(0);
  });
});
