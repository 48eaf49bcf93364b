import { describe, expect, it } from 'vitest';
import { metricQueryInstant } from '../../../src/engine/query/logql/index.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { mitigationOf } from '../../../src/engine/sim/response/response.ts';
import { Run } from '../../../src/engine/sim/run.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { loadedScenario } from '../helpers.ts';
import { testWorldText } from './worldText.ts';

const START = Date.parse('2026-03-01T00:15:00Z');
const END = Date.parse('2026-03-01T00:39:45Z');

const FAULT =
  '{ id: hot, kind: hot-key, service: usage-db, route: "UPDATE usage_counters", segment: acme, shard: 2, key: "usage:acme", trigger: sync-on, severity: 0.7 }';

/**
 * A small multi-tenant service: web → api → a usage store split over four shards. From 00:15 one tenant's
 * usage updates all go to one counter key.
 */
function text(fault = FAULT, db = 'instances: 4, shards: 4'): string {
  return testWorldText({
    id: 'hot-key-world',
    title: 'Hot key world',
    summary: 'A sharded store for hot-key tests.',
    seed: 5,
    component: 'usage-db',
    fault: 'hot-key',
    body: `
system:
  services:
    - id: web
      kind: frontend
      instances: 2
      endpoints:
        - { route: "GET /usage", rate: 20, latency: 3ms, calls: [{ service: api, route: "GET /v1/usage" }] }
        - { route: "POST /events", rate: 14, latency: 3ms, calls: [{ service: api, route: "POST /v1/events" }] }
    - id: api
      kind: api
      language: typescript
      instances: 2
      endpoints:
        - { route: "GET /v1/usage", latency: 10ms, calls: [{ service: usage-db, route: "SELECT usage_counters" }] }
        - { route: "POST /v1/events", latency: 10ms, calls: [{ service: usage-db, route: "UPDATE usage_counters" }] }
    - { id: usage-db, kind: database, ${db}, limits: { cpu: 0.5 }, endpoints: [{ route: "SELECT usage_counters", latency: 4ms }, { route: "UPDATE usage_counters", latency: 6ms }] }
  edges:
    - { from: web, to: api, timeout: 3s }
    - { from: api, to: usage-db, timeout: 800ms }
traffic:
  segments:
    - { id: acme, share: 0.3, attrs: { tenant: acme } }
    - { id: globex, share: 0.2, attrs: { tenant: globex } }
timeline:
  - { id: sync-on, at: 2026-03-01T00:15:00Z, kind: config, service: api, key: tenants.acme.usage_sync, value: "on", description: Turn on usage sync for acme. }
faults:
  - ${fault}
`,
  });
}

function scenarioOf(source: string): Scenario {
  const scenario = loadedScenario(source, 'hot-key-world.yaml');
  return scenario;
}

/** Each series' value by its `shard` label. */
function byShard(world: World, expr: string, t: number): Record<string, number> {
  const r = instantQuery(world.metrics, expr, t);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  if (r.value.resultType !== 'vector') throw new Error(`not a vector: ${expr}`);
  return Object.fromEntries(r.value.result.map((s) => [s.labels.shard ?? '', s.v]));
}

/** How far the hottest shard is above the coolest other one. */
function spread(values: Record<string, number>, hot: string): number {
  const others = Object.entries(values)
    .filter(([k]) => k !== hot)
    .map(([, v]) => v);
  return values[hot]! / Math.max(...others);
}

describe('a hot key', () => {
  const world = simulate(scenarioOf(text()));

  it('sends one shard far more operations, CPU time and latency than the others, from its start', () => {
    const table = [
      ['operations', 'sum by (shard) (rate(db_server_operations_total{service="usage-db"}[5m]))', 1.4],
      ['cpu', 'sum by (shard) (rate(process_cpu_seconds_total{service="usage-db"}[5m]))', 3],
      [
        'p99',
        'histogram_quantile(0.99, sum by (shard, le) (rate(db_server_operation_duration_seconds_bucket{service="usage-db"}[5m])))',
        5,
      ],
    ] as const;
    for (const [what, expr, factor] of table) {
      const before = byShard(world, expr, START - 60_000);
      const after = byShard(world, expr, END);
      expect(Object.keys(after).sort(), what).toEqual(['0', '1', '2', '3']);
      expect(spread(before, '2'), `${what} before`).toBeLessThan(1.5);
      expect(spread(after, '2'), `${what} after`).toBeGreaterThan(factor);
    }
  });

  it('times out the callers on that shard only, and the store logs the key on its slow statements', () => {
    const count = (query: string) => {
      const r = metricQueryInstant(world.logs, query, END);
      if (!r.ok || r.value.resultType !== 'vector') throw new Error(`bad query ${query}`);
      return r.value.result.map((s) => [s.labels.shard ?? '', s.v] as const);
    };
    const timeouts = metricQueryInstant(
      world.logs,
      'sum(count_over_time({service="api"} |= "Query read timeout" [45m]))',
      END,
    );
    const onShard2 = metricQueryInstant(
      world.logs,
      'sum(count_over_time({service="api"} |= "shard 2: Query read timeout" [45m]))',
      END,
    );
    const early = metricQueryInstant(
      world.logs,
      'sum(count_over_time({service="api"} |= "Query read timeout" [14m]))',
      START - 60_000,
    );
    const total = timeouts.ok && timeouts.value.resultType === 'vector' ? timeouts.value.result[0]?.v : 0;
    const hot = onShard2.ok && onShard2.value.resultType === 'vector' ? onShard2.value.result[0]?.v : 0;
    expect(early.ok && early.value.resultType === 'vector' ? early.value.result.length : -1).toBe(0);
    expect(total).toBeGreaterThan(20);
    expect(hot).toBe(total);
    const slow = count(
      `sum by (shard) (count_over_time({service="usage-db"} |= "parameters: $1 = 'usage:acme'" [45m]))`,
    );
    expect(slow.map(([shard]) => shard)).toEqual(['2']);
    expect(slow[0]![1]).toBeGreaterThan(20);
  });

  it('leaves the same key on every slow store span, the timed-out ones too', () => {
    const keys = new Map<string, number>();
    let timedOut = 0;
    for (let row = 0; row < world.traces.size; row++) {
      const s = world.traces.span(row);
      if (s.kind !== 'client' || s.attributes['server.address'] !== 'usage-db' || s.durationMs < 400)
        continue;
      const key = String(s.attributes['db.key']);
      keys.set(key, (keys.get(key) ?? 0) + 1);
      if (s.attributes['error.type'] === 'timeout') timedOut++;
    }
    expect([...keys.keys()]).toEqual(['usage:acme']);
    expect(keys.get('usage:acme')).toBeGreaterThan(20);
    expect(timedOut).toBeGreaterThan(5);
  });

  it('cools when the change that set it off is reverted, and not when the store restarts', () => {
    const scenario = scenarioOf(text());
    const harmAfter = (action: string) => {
      const run = new Run(scenario, scenario.seed, { healthOnly: true });
      run.extendTo(END + 30 * 60_000);
      run.mitigate(mitigationOf(scenario, action), Date.parse('2026-03-01T00:25:00Z'));
      run.advanceTo(END + 30 * 60_000);
      const h = run.health;
      return { before: h.window(0, h.ticks - 40).affected, after: h.window(h.ticks - 20, h.ticks).affected };
    };
    const reverted = harmAfter('revert:sync-on');
    expect(reverted.before).toBeGreaterThan(0);
    expect(reverted.after).toBe(0);
    expect(harmAfter('restart:usage-db').after).toBeGreaterThan(0);
  });
});

describe('a hot key in a sharded cache', () => {
  it('names the key as cache.key on the slow spans and heats one shard of the cache', () => {
    const world = simulate(scenarioOf(text().replace('kind: database', 'kind: cache')));
    const keys = new Set<string>();
    for (let row = 0; row < world.traces.size; row++) {
      const s = world.traces.span(row);
      if (s.kind !== 'client' || s.attributes['server.address'] !== 'usage-db' || s.durationMs < 400)
        continue;
      keys.add(`${s.attributes['db.system']} ${s.attributes['cache.key']} ${s.attributes['db.key']}`);
    }
    expect([...keys]).toEqual(['redis usage:acme undefined']);
    const cpu = 'sum by (shard) (rate(process_cpu_seconds_total{service="usage-db"}[5m]))';
    expect(spread(byShard(world, cpu, END), '2')).toBeGreaterThan(3);
  });
});

describe('validating a hot key', () => {
  it.each([
    [
      'a store with no shards',
      text(FAULT, 'instances: 4'),
      'faults[0].service',
      'a hot-key fault acts on a sharded store, and "usage-db" declares no shards: give the store `shards:` (and an instance per shard) in system.services',
    ],
    [
      'a shard that does not exist',
      text(FAULT.replace('shard: 2', 'shard: 4')),
      'faults[0].shard',
      'no shard 4: "usage-db" has 4 shards, numbered 0 to 3',
    ],
    [
      'instances that do not cover the shards alike',
      text(FAULT, 'instances: 6, shards: 4'),
      'system.services[2].instances',
      '"usage-db" has 4 shards and 6 instance(s): run one instance per shard (instances: 4) or the same number of copies of each (8, 12…)',
    ],
    [
      'a key on another kind of fault',
      text('{ id: hot, kind: lock-contention, service: usage-db, key: "usage:acme", trigger: sync-on }'),
      'faults[0].key',
      'only a hot-key fault names a key; "hot" is lock-contention',
    ],
  ])('refuses %s where it is written', (_, source, path, message) => {
    const { diagnostics } = loadScenario(source, 'hot-key-world.yaml');
    const found = diagnostics.find((d) => d.path === path);
    expect(found?.message).toBe(message);
    const line = source.split('\n')[found!.line - 1]!;
    expect(line.length).toBeGreaterThan(0);
  });

  it('refuses shards on a service that is not a store', () => {
    const source = text().replace(
      '      kind: api\n      language: typescript\n      instances: 2',
      '      kind: api\n      language: typescript\n      instances: 2\n      shards: 2',
    );
    const { diagnostics } = loadScenario(source, 'hot-key-world.yaml');
    expect(diagnostics.map((d) => [d.path, d.line, d.message])).toContainEqual([
      'system.services[1].shards',
      source.split('\n').findIndex((l) => l.includes('shards: 2')) + 1,
      'only a database or a cache splits its keys over shards; "api" is of kind api: remove `shards`',
    ]);
  });
});
