import { describe, expect, it } from 'vitest';
import { runTool } from '../../../src/engine/investigation/tools.ts';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { crossRegionLabel, mapTelemetry } from '../../../src/engine/views/mapTelemetry.ts';
import type { Span } from '../../../src/engine/world/traceStore.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { twoCoasts, twoCoastsText } from './twoCoasts.ts';

const FAILOVER = Date.parse('2026-03-01T00:20:00Z');
const END = Date.parse('2026-03-01T00:39:45Z');

/** West's writes to orders-db go to east's instance from 00:20, as a failover controller decided. */
const REPOINT =
  '  - { id: promote, at: 2026-03-01T00:20:00Z, kind: failover, service: orders-db, route: "INSERT orders", region: west, to: east, automated: true, author: failover-controller, description: Writes from west go to the east primary. }';
/** Something in force the whole window that changes nothing about calls. */
const QUIET = '  - { id: f, kind: cpu-saturation, service: web, from: 2026-03-01T00:38:00Z, severity: 0.1 }';

const world = simulate(twoCoasts(REPOINT, QUIET));
const before = simulate(twoCoasts('', QUIET));

function value(w: World, expr: string, at: number): number {
  const r = instantQuery(w.metrics, expr, at);
  if (!r.ok || r.value.resultType !== 'vector') throw new Error(`${expr}: ${JSON.stringify(r)}`);
  return r.value.result.reduce((sum, s) => sum + s.v, 0);
}

/** The client spans of the west api instance's writes, before or after the failover. */
function westWrites(w: World, after: boolean): Span[] {
  const out: Span[] = [];
  for (const row of w.traces.spansOf('api')) {
    const s = w.traces.span(row);
    if (s.kind !== 'client' || s.attributes['db.query.text'] !== 'INSERT orders') continue;
    if (s.attributes['cloud.region'] !== 'west') continue;
    if (after ? s.startMs >= FAILOVER + 5_000 : s.startMs < FAILOVER) out.push(s);
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('a failover that re-points calls', () => {
  it("sends the region's calls to the other region's instance from then on, and only those calls", () => {
    const servedBy = (spans: Span[]) => new Set(spans.map((s) => s.attributes['server.address']));
    expect(servedBy(westWrites(world, false))).toEqual(new Set(['orders-db-1']));
    expect(servedBy(westWrites(world, true))).toEqual(new Set(['orders-db-0']));
    expect(new Set(westWrites(world, true).map((s) => s.attributes['app.server.region']))).toEqual(
      new Set(['east']),
    );
    // West's reads were not moved: they stay on the west instance.
    const reads = world.traces
      .spansOf('api')
      .map((row) => world.traces.span(row))
      .filter(
        (s) =>
          s.kind === 'client' &&
          s.attributes['db.query.text'] === 'SELECT orders' &&
          s.attributes['cloud.region'] === 'west' &&
          s.startMs > FAILOVER + 5_000,
      );
    expect(servedBy(reads)).toEqual(new Set(['orders-db-1']));
  });

  it('makes the moved calls pay the round trip between the regions', () => {
    const early = median(westWrites(world, false).map((s) => s.durationMs));
    const late = median(westWrites(world, true).map((s) => s.durationMs));
    expect(late - early).toBeGreaterThan(55);
    const latency = (at: number) =>
      value(
        world,
        'histogram_quantile(0.9, sum by (le) (rate(db_client_operation_duration_seconds_bucket{service="api",region="west"}[5m])))',
        at,
      );
    expect(latency(END)).toBeGreaterThan(latency(FAILOVER - 60_000) + 0.04);
  });

  it("moves the callee's work to the other region, and the callers' counters say where each call went", () => {
    const writes = (inst: string, at: number) =>
      value(
        world,
        `sum(rate(db_server_operations_total{service="orders-db",instance="${inst}",method="INSERT"}[5m]))`,
        at,
      );
    expect(writes('orders-db-1', FAILOVER - 60_000)).toBeGreaterThan(1);
    expect(writes('orders-db-1', END)).toBe(0);
    expect(writes('orders-db-0', END)).toBeGreaterThan(writes('orders-db-0', FAILOVER - 60_000) * 1.6);
    const fromWestTo = (region: string, at: number) =>
      value(
        world,
        `sum(rate(db_client_operations_total{service="api",region="west",peer="orders-db",peer_region="${region}"}[5m]))`,
        at,
      );
    expect(fromWestTo('east', FAILOVER - 60_000)).toBe(0);
    expect(fromWestTo('east', END)).toBeGreaterThan(1);
  });

  it('shows the edge going to the new place on the ops map at that moment, not before', () => {
    const edge = (at: number) => mapTelemetry(world, at).edges['api>orders-db'];
    expect(crossRegionLabel(edge(FAILOVER - 60_000))).toBe('');
    expect(crossRegionLabel(edge(END))).toBe('west → east');
    // A world with no failover draws its calls as it always did.
    expect(mapTelemetry(before, END).edges['api>orders-db']?.routes).toBeUndefined();
  });

  it('is logged where it happens and listed in the change log as automation made it', () => {
    const promoted = searchLogs(world, { service: 'orders-db', contains: 'received promote request' });
    expect(promoted.lines.map((l) => [l.instance, l.line.includes('failover controller')])).toEqual([
      ['orders-db-0', true],
    ]);
    const callers = searchLogs(world, { service: 'api', contains: 're-pointed to orders-db-0 (east)' });
    expect(callers.lines.map((l) => l.instance)).toEqual([world.instances.api![1]]);
    const changes = runTool(world, { tool: 'changes', query: 'west' });
    expect(changes.ok && changes.items.map((i) => i.evidence)).toEqual([
      expect.objectContaining({
        eventId: 'promote',
        changeKind: 'failover',
        description: 'Writes from west go to the east primary. (automated)',
      }),
    ]);
  });

  it('leaves a world without a failover as it was', () => {
    expect(before.metrics.series.length).toBeLessThan(world.metrics.series.length);
    const labelled = instantQuery(before.metrics, 'count({peer_region!=""})', END);
    expect(labelled.ok && labelled.value.resultType === 'vector' && labelled.value.result).toEqual([]);
  });
});

describe('a failover that names what the system does not have', () => {
  const cases = [
    {
      name: 'an unknown callers’ region',
      event:
        '{ id: x, at: 2026-03-01T00:20:00Z, kind: failover, service: orders-db, region: wset, to: east, description: X. }',
      path: 'timeline[1].region',
      message: 'unknown region "wset" (did you mean "west"?)',
    },
    {
      name: 'a region where the service has no instances',
      event:
        '{ id: x, at: 2026-03-01T00:20:00Z, kind: failover, service: orders-db, region: west, to: eats, description: X. }',
      path: 'timeline[1].to',
      message:
        '"orders-db" has no instances in region "eats" (did you mean "east"?): its instances are in "east", "west"',
    },
    {
      name: 'an unknown service',
      event:
        '{ id: x, at: 2026-03-01T00:20:00Z, kind: failover, service: order-db, region: west, to: east, description: X. }',
      path: 'timeline[1].service',
      message: 'unknown service "order-db" (did you mean "orders-db"?)',
    },
    {
      name: 'a route the service lacks',
      event:
        '{ id: x, at: 2026-03-01T00:20:00Z, kind: failover, service: orders-db, route: "INSERT order", region: west, to: east, description: X. }',
      path: 'timeline[1].route',
      message: '"orders-db" has no route "INSERT order" (did you mean "INSERT orders"?)',
    },
    {
      name: 'no region to move to',
      event:
        '{ id: x, at: 2026-03-01T00:20:00Z, kind: failover, service: orders-db, region: west, description: X. }',
      path: 'timeline[1]',
      message: 'a failover names the region of "orders-db" that takes the calls (`to`)',
    },
  ];
  it.each(cases)('reports $name where it is written, with a suggestion', ({ event, path, message }) => {
    const text = twoCoastsText(`  - ${event}`, QUIET);
    const { scenario, diagnostics } = loadScenario(text, 'two-coasts.yaml');
    expect(scenario).toBeUndefined();
    const found = diagnostics.map((d) => ({ path: d.path, message: d.message, line: d.line }));
    const line = text.split('\n').findIndex((l) => l.includes('id: x,')) + 1;
    expect(found).toEqual([{ path, message, line }]);
  });
});
