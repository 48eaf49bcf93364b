import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { mitigationOf } from '../../../src/engine/sim/response/response.ts';
import { Run } from '../../../src/engine/sim/run.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { Span } from '../../../src/engine/world/traceStore.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { replicaWorld } from './replicaWorld.ts';

const START = Date.parse('2026-03-01T00:15:00Z');
const END = Date.parse('2026-03-01T00:39:45Z');
const MISS = 'read-after-write check failed';

/** The fault of most tests: the eu replica falls behind from the backfill on. */
const EU_LAG = `{ id: f, kind: replication-lag, service: db-replica, region: eu, trigger: backfill, severity: 0.6, log: { level: warn, message: "${MISS}: note read back is older than the version just saved" } }`;

function metricAt(world: World, expr: string, t: number): number {
  const r = instantQuery(world.metrics, expr, t);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  if (r.value.resultType !== 'vector') return Number.NaN;
  return r.value.result[0]?.v ?? Number.NaN;
}

function spans(world: World, test: (s: Span) => boolean): Span[] {
  const out: Span[] = [];
  for (let row = 0; row < world.traces.size; row++) {
    const s = world.traces.span(row);
    if (test(s)) out.push(s);
  }
  return out;
}

const lagOn = (world: World, region: string, t: number) =>
  metricAt(world, `max(pg_replication_lag_seconds{service="db-replica",region="${region}"})`, t);

describe('a replica that falls behind its primary', () => {
  const world = simulate(replicaWorld(EU_LAG));

  it('has its lag climb on the lagging replica only, from the trigger on', () => {
    expect({
      before: lagOn(world, 'eu', START - 60_000) < 1,
      climbing: lagOn(world, 'eu', START + 10 * 60_000) > 200,
      end: lagOn(world, 'eu', END) > lagOn(world, 'eu', START + 10 * 60_000) + 300,
      otherReplica: lagOn(world, 'us', END) < 1,
    }).toEqual({ before: true, climbing: true, end: true, otherReplica: true });
  });

  it('says which servers are replicas, and splits reads from writes between them and the primary', () => {
    expect(metricAt(world, 'sum(pg_replication_is_replica{service="db-replica"})', END)).toBe(2);
    expect(metricAt(world, 'sum(pg_replication_is_replica{service="db"})', END)).toBe(0);
    const ops = (peer: string) =>
      metricAt(world, `sum(rate(db_client_operations_total{service="api",peer="${peer}"}[5m]))`, END);
    // Reads are three times the writes, and every one of them goes to the replica.
    expect(ops('db-replica') / ops('db')).toBeGreaterThan(2);
  });

  it('logs the read-after-write misses where the reader reads from the lagging replica, at warn', () => {
    const before = searchLogs(world, { service: 'api', contains: MISS, endMs: START, limit: 1 });
    const after = searchLogs(world, { service: 'api', contains: MISS, startMs: START, limit: 50 });
    expect({ before: before.matched, after: after.matched > 100 }).toEqual({ before: 0, after: true });
    for (const hit of after.lines) {
      // The segment's attributes ride on the line: only users in eu read from the eu replica.
      expect(JSON.parse(hit.line)).toMatchObject({
        level: 'warn',
        status: 200,
        path: '/v1/notes',
        method: 'GET',
        region: 'eu',
      });
    }
  });

  it('misses more reads as the lag grows', () => {
    const misses = (fromMin: number) =>
      searchLogs(world, {
        service: 'api',
        contains: MISS,
        startMs: START + fromMin * 60_000,
        endMs: START + (fromMin + 4) * 60_000,
        limit: 1,
      }).matched;
    expect(misses(20)).toBeGreaterThan(misses(1) * 1.5);
  });

  it('keeps the writes and every answer healthy: nothing fails', () => {
    const errors = metricAt(
      world,
      'sum(increase(http_server_requests_total{status=~"5.."}[30m])) or vector(0)',
      END,
    );
    expect(errors).toBe(0);
    expect(spans(world, (s) => s.status === 'error')).toEqual([]);
  });

  it('marks replica reads in traces, and those answered from behind with a row older than the last write', () => {
    const reads = spans(world, (s) => s.kind === 'client' && s.attributes['server.address'] === 'db-replica');
    expect(reads.length).toBeGreaterThan(100);
    expect(reads.every((s) => s.attributes['db.replica'] === 'true')).toBe(true);
    const stale = reads.filter((s) => s.attributes['app.row.stale'] === 'true');
    expect(stale.length).toBeGreaterThan(10);
    for (const s of stale) {
      expect(s.startMs).toBeGreaterThanOrEqual(START);
      expect(s.attributes['app.row.versions_behind']).toBe(1);
      expect(s.attributes['service.instance.id']).toMatch(/^api-/);
    }
    // Only the eu reader's reads find old rows: they are the ones the eu replica answers.
    const regions = new Set(
      stale.map(
        (s) => world.traces.trace(s.traceId).find((x) => x.service === 'web')?.attributes['app.user.region'],
      ),
    );
    expect([...regions]).toEqual(['eu']);
    const writes = spans(world, (s) => s.kind === 'client' && s.attributes['server.address'] === 'db');
    expect(writes.some((s) => s.attributes['db.replica'] !== undefined)).toBe(false);
  });

  it("carries the stale read up to the reader's own span", () => {
    const readers = spans(
      world,
      (s) => s.service === 'api' && s.kind === 'server' && s.attributes['app.row.stale'] === 'true',
    );
    expect(readers.length).toBeGreaterThan(10);
    expect(new Set(readers.map((s) => s.name))).toEqual(new Set(['GET /v1/notes']));
  });
});

describe('what a replica behind its primary can be told to do', () => {
  it('answers 404 for a row not there yet when the fault says so, and the frontend passes it on', () => {
    const world = simulate(
      replicaWorld(
        '{ id: f, kind: replication-lag, service: db-replica, trigger: backfill, severity: 0.8, status: 404, log: { message: "note not found right after create" } }',
      ),
    );
    const notFound = (service: string) =>
      metricAt(
        world,
        `sum(increase(http_server_requests_total{service="${service}",status="404"}[20m]))`,
        END,
      );
    expect({ api: notFound('api') > 50, web: notFound('web') > 50 }).toEqual({ api: true, web: true });
    const missing = spans(world, (s) => s.kind === 'client' && s.attributes['app.row.found'] === 'false');
    expect(missing.length).toBeGreaterThan(5);
    expect(
      searchLogs(world, { service: 'api', contains: 'not found right after create', limit: 1 }).matched,
    ).toBeGreaterThan(0);
  });

  it('climbs slowly at first when it ramps up', () => {
    const fault = (extra: string) =>
      `{ id: f, kind: replication-lag, service: db-replica, trigger: backfill, severity: 0.6${extra} }`;
    const sudden = simulate(replicaWorld(fault('')));
    const ramped = simulate(replicaWorld(fault(', rampUp: 20m')));
    const at = START + 10 * 60_000;
    // Ten minutes into a twenty-minute ramp, a quarter of the lag a sudden fault has built.
    expect(lagOn(ramped, 'us', at) / lagOn(sudden, 'us', at)).toBeCloseTo(0.25, 1);
  });

  it('uses the default message of a read-after-write miss, naming the table and the replica', () => {
    const world = simulate(
      replicaWorld('{ id: f, kind: replication-lag, service: db-replica, trigger: backfill, severity: 0.6 }'),
    );
    const hits = searchLogs(world, { service: 'api', contains: 'notes row read from db-replica', limit: 1 });
    expect(hits.matched).toBeGreaterThan(0);
  });
});

describe('ending a replica’s lag', () => {
  const scenario = replicaWorld(EU_LAG);
  const at = Date.parse('2026-03-01T00:25:00Z');

  /** Plays the world with one action at 00:25 and returns it to the end of the window. */
  function played(action: string): World {
    const run = new Run(scenario, scenario.seed);
    run.advanceTo(at);
    run.mitigate(mitigationOf(scenario, action), at);
    run.advanceTo(END + 15_000);
    return run.world();
  }

  const missesAfter = (world: World, t: number) =>
    searchLogs(world, { service: 'api', contains: MISS, startMs: t, limit: 1 }).matched;

  it('catches up once the writes that set it off are reverted, and the reads are right again', () => {
    const world = played('revert:backfill');
    expect(lagOn(world, 'eu', at)).toBeGreaterThan(300);
    expect(lagOn(world, 'eu', END)).toBeLessThan(1);
    expect(missesAfter(world, at + 5 * 60_000)).toBe(0);
  });

  it('goes on through a restart of the replica', () => {
    const world = played('restart:db-replica');
    expect(lagOn(world, 'eu', END)).toBeGreaterThan(lagOn(world, 'eu', at));
    expect(missesAfter(world, at + 10 * 60_000)).toBeGreaterThan(0);
  });

  it('stops answering reads once the lagging replica is drained, though it stays behind', () => {
    const world = played('drain:db-replica/2');
    expect(missesAfter(world, at + 2 * 60_000)).toBe(0);
  });
});
