import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { mitigationOf } from '../../../src/engine/sim/response/response.ts';
import { Run } from '../../../src/engine/sim/run.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { twoCoasts, twoCoastsText } from './twoCoasts.ts';

const SPLIT = Date.parse('2026-03-01T00:20:00Z');
const END = Date.parse('2026-03-01T00:39:45Z');
const FAULT =
  '  - { id: f, kind: split-brain, service: orders-db, region: west, from: 2026-03-01T00:20:00Z, severity: 0.6 }';

const scenario = twoCoasts('', FAULT, 'split-brain');
const world = simulate(scenario);

function value(w: World, expr: string, at: number): number {
  const r = instantQuery(w.metrics, expr, at);
  if (!r.ok || r.value.resultType !== 'vector') throw new Error(`${expr}: ${JSON.stringify(r)}`);
  return r.value.result.reduce((sum, s) => sum + s.v, 0);
}

const writesOn = (w: World, inst: string, at: number) =>
  value(
    w,
    `sum(rate(db_server_operations_total{service="orders-db",instance="${inst}",method="INSERT"}[5m]))`,
    at,
  );

/** The primaries each region's writes land on, from the callers' spans, before or after the split. */
function primariesBy(w: World, after: boolean): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const row of w.traces.spansOf('api')) {
    const s = w.traces.span(row);
    if (s.kind !== 'client' || s.attributes['db.query.text'] !== 'INSERT orders') continue;
    if (after ? s.startMs < SPLIT + 15_000 : s.startMs >= SPLIT) continue;
    const region = String(s.attributes['cloud.region']);
    const seen = out[region] ?? new Set<string>();
    seen.add(String(s.attributes['server.address']));
    out[region] = seen;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}

/** The two coasts with a read replica of orders-db that serves the api's reads. */
function withReadReplica(fault: string): string {
  return twoCoastsText('', fault, 'split-brain')
    .replace(
      '  edges:\n',
      `    - id: orders-replica
      kind: database
      replicaOf: orders-db
      instances: 2
      regions: [east, west]
      endpoints:
        - { route: "SELECT orders", latency: 4ms }
  edges:
    - { from: api, to: orders-replica, timeout: 1s }
`,
    )
    .replace(
      'calls: [{ service: orders-db, route: "SELECT orders" }]',
      'calls: [{ service: orders-replica, route: "SELECT orders" }]',
    );
}

describe('split brain', () => {
  it('logs two primaries accepting writes from the split on, and none before', () => {
    const accepting = searchLogs(world, { service: 'orders-db', contains: 'accepting writes', limit: 1000 });
    expect(accepting.lines.every((l) => l.tsMs >= SPLIT)).toBe(true);
    expect(new Set(accepting.lines.map((l) => l.instance))).toEqual(new Set(['orders-db-0', 'orders-db-1']));
    const stopped = searchLogs(world, {
      service: 'orders-db',
      contains: 'could not receive data from WAL stream',
    });
    expect(stopped.lines.map((l) => l.instance)).toEqual(['orders-db-1']);
  });

  it('logs replication conflicts with both versions once the partition heals, and callers read old versions', () => {
    const conflicts = searchLogs(world, {
      service: 'orders-db',
      contains: 'conflict=update_origin_differs',
      limit: 1000,
    });
    expect(conflicts.matched).toBeGreaterThan(20);
    expect(Math.min(...conflicts.lines.map((l) => l.tsMs))).toBeGreaterThan(SPLIT + 30_000);
    expect(new Set(conflicts.lines.map((l) => l.instance))).toEqual(new Set(['orders-db-0', 'orders-db-1']));
    expect(conflicts.lines[0]!.line).toMatch(/Row with id=\d+ was modified locally \(version \d+\)/);
    const flipped = searchLogs(world, { service: 'api', contains: 'read back at version', limit: 1000 });
    expect(flipped.matched).toBeGreaterThan(5);
    expect(flipped.lines.every((l) => l.tsMs > SPLIT)).toBe(true);
  });

  it('takes writes on both sides and stops replication, as the metrics show', () => {
    const before = SPLIT - 60_000;
    expect([writesOn(world, 'orders-db-0', before) > 1, writesOn(world, 'orders-db-1', before)]).toEqual([
      true,
      0,
    ]);
    expect([writesOn(world, 'orders-db-0', END) > 1, writesOn(world, 'orders-db-1', END) > 1]).toEqual([
      true,
      true,
    ]);
    const gauge = (name: string, inst: string, at: number) =>
      value(world, `${name}{service="orders-db",instance="${inst}"}`, at);
    expect([before, END].map((t) => gauge('pg_replication_streaming', 'orders-db-1', t))).toEqual([1, 0]);
    expect([before, END].map((t) => gauge('pg_replication_is_replica', 'orders-db-1', t))).toEqual([1, 0]);
    expect(gauge('pg_replication_is_replica', 'orders-db-0', END)).toBe(0);
    expect(gauge('pg_replication_lag_seconds', 'orders-db-1', END)).toBeGreaterThan(600);
    expect(value(world, 'sum(pg_replication_conflicts_total{service="orders-db"})', END)).toBeGreaterThan(20);
  });

  it('lands writes from each region on a different primary, as the spans show', () => {
    expect(primariesBy(world, false)).toEqual({ east: ['orders-db-0'], west: ['orders-db-0'] });
    expect(primariesBy(world, true)).toEqual({ east: ['orders-db-0'], west: ['orders-db-1'] });
  });

  it('ends when a failover sends the promoted side’s users to the old primary', () => {
    const run = new Run(scenario, scenario.seed);
    const at = Date.parse('2026-03-01T00:25:00Z');
    run.mitigate(mitigationOf(scenario, 'failover:west:east'), at);
    run.advanceTo(END);
    const w = run.world();
    expect(writesOn(w, 'orders-db-1', END)).toBe(0);
    expect(value(w, 'pg_replication_is_replica{instance="orders-db-1"}', END)).toBe(1);
    // The rows both sides wrote stay apart: replication does not start again by itself.
    expect(value(w, 'pg_replication_streaming{instance="orders-db-1"}', END)).toBe(0);
    const h = run.health;
    const late = h.window(h.ticks - 20, h.ticks);
    expect(late.affected).toBe(0);
  });

  it('leaves a world without it as it was', () => {
    const quiet = simulate(
      twoCoasts(
        '',
        '  - { id: f, kind: cpu-saturation, service: web, from: 2026-03-01T00:38:00Z, severity: 0.1 }',
      ),
    );
    const r = instantQuery(quiet.metrics, 'count({__name__=~"pg_replication.*"})', END);
    expect(r.ok && r.value.resultType === 'vector' && r.value.result).toEqual([]);
  });

  it('keeps every replication series unique on a primary that also has a read replica', () => {
    const text = withReadReplica(FAULT);
    const { scenario: withReplica, diagnostics } = loadScenario(text, 'two-coasts.yaml');
    if (!withReplica) throw new Error(diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n'));
    const w = simulate(withReplica);
    const replication = w.metrics.series.filter((s) => s.labels.__name__?.startsWith('pg_replication_'));
    const keys = replication.map((s) => s.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
    const role = (inst: string, at: number) => value(w, `pg_replication_is_replica{instance="${inst}"}`, at);
    // The split primary says what the split made of it; the read replica stays a replica throughout.
    expect([SPLIT - 60_000, END].map((t) => role('orders-db-1', t))).toEqual([1, 0]);
    expect([SPLIT - 60_000, END].map((t) => role('orders-db-0', t))).toEqual([0, 0]);
    expect(value(w, 'count(pg_replication_is_replica{service="orders-replica"} == 1)', END)).toBe(2);
    expect(value(w, 'count(pg_replication_lag_seconds{service="orders-replica"})', END)).toBe(2);
  });

  it('refuses a second split of the same database, pointing at the first', () => {
    const second = FAULT.replace('id: f,', 'id: g,').replace('00:20:00Z', '00:30:00Z');
    const text = twoCoastsText(
      '',
      `${FAULT.replace('severity', 'until: 2026-03-01T00:25:00Z, severity')}\n${second}`,
      'split-brain',
    );
    const { diagnostics } = loadScenario(text, 'two-coasts.yaml');
    expect(diagnostics.map((d) => [d.path, d.message])).toEqual([
      [
        'faults[1].service',
        '"orders-db" already splits in faults[0] ("f"): once split, its sides stay apart until reconciled; keep one split-brain fault on it',
      ],
    ]);
  });

  it('refuses a read replica, naming its primary', () => {
    const text = withReadReplica(FAULT.replace('service: orders-db', 'service: orders-replica'));
    const { diagnostics } = loadScenario(text, 'two-coasts.yaml');
    expect(diagnostics.map((d) => [d.path, d.message])).toEqual([
      [
        'faults[0].service',
        'split-brain acts on a database\'s primaries; "orders-replica" is a read replica of "orders-db", which takes the writes: name "orders-db" as the service',
      ],
    ]);
  });

  it.each([
    [
      'a database in one region',
      'orders-db',
      'split-brain needs "orders-db" in two regions at least, an instance in each: set `instances` and `regions`',
      true,
    ],
    [
      'a service that is no database',
      'api',
      'split-brain acts on a database\'s primaries; "api" is a api',
      false,
    ],
  ])('refuses %s', (_, service, message, oneRegion) => {
    let text = twoCoastsText('', FAULT.replace('service: orders-db', `service: ${service}`), 'split-brain');
    if (oneRegion)
      text = text.replace(
        /(id: orders-db\n\s+kind: database\n\s+instances: 2\n\s+regions: )\[east, west\]/,
        '$1[west]',
      );
    const { diagnostics } = loadScenario(text, 'two-coasts.yaml');
    expect(diagnostics.map((d) => [d.path, d.message])).toEqual([['faults[0].service', message]]);
  });
});
