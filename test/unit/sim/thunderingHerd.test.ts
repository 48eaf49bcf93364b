import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { HERD_RETRY_MS } from '../../../src/engine/sim/faults/thunderingHerd.ts';
import { mitigationOf } from '../../../src/engine/sim/response/response.ts';
import { Run } from '../../../src/engine/sim/run.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { faultWorld, faultWorldText } from './faultWorld.ts';

// api cannot be reached from 00:10 to 00:15; web's users who waited it out come back when it does.
const OUTAGE =
  '  - { id: blip, kind: dependency-unreachable, service: api, from: 2026-03-01T00:10:00Z, until: 2026-03-01T00:15:00Z }';
const HERD =
  '{ id: herd, kind: thundering-herd, service: web, edge: { from: web, to: api }, releasedBy: blip, severity: 0.5 }';
const RELEASE = Date.parse('2026-03-01T00:15:00Z');
const END = Date.parse('2026-03-01T00:40:00Z');

function metricAt(world: World, expr: string, t: number): number {
  const r = instantQuery(world.metrics, expr, t);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  if (r.value.resultType !== 'vector') return Number.NaN;
  return r.value.result[0]?.v ?? 0;
}

const withHerd = simulate(faultWorld(HERD, OUTAGE));
const outageOnly = simulate(faultWorld(OUTAGE.replace('  - ', ''), ''));

describe('a thundering herd after recovery', () => {
  it('spikes the request rate to the recovered service at the release, then decays', () => {
    const rate = (w: World, t: number) =>
      metricAt(w, 'sum(rate(http_server_requests_total{service="api"}[1m]))', t);
    const before = rate(withHerd, RELEASE - 6 * 60_000);
    const atRelease = rate(withHerd, RELEASE + 60_000);
    const later = rate(withHerd, END);
    expect(atRelease).toBeGreaterThan(before * 5);
    expect(later).toBeLessThan(atRelease * 0.7);
    // Without the herd, the users who waited trickle back as they always arrive.
    expect(rate(outageOnly, RELEASE + 60_000)).toBeLessThan(before * 1.5);
  });

  it('fails calls right after the service came back: callers time out, the service says its queue is full', () => {
    const errors = (w: World, from: number, to: number) =>
      metricAt(
        w,
        `sum(increase(http_client_requests_total{service="web",peer="api",status="timeout"}[${(to - from) / 60_000}m]))`,
        to,
      );
    expect(errors(withHerd, RELEASE, RELEASE + 5 * 60_000)).toBeGreaterThan(500);
    expect(errors(outageOnly, RELEASE, RELEASE + 5 * 60_000)).toBe(0);
    const full = searchLogs(withHerd, { service: 'api', contains: 'request queue full', limit: 5 });
    expect(full.matched).toBeGreaterThan(0);
    for (const l of full.lines) expect(l.tsMs).toBeGreaterThanOrEqual(RELEASE);
    expect(searchLogs(outageOnly, { service: 'api', contains: 'request queue full', limit: 1 }).matched).toBe(
      0,
    );
    // The caller's lines show the burst: hundreds of requests in the second the service came back.
    const second = (w: World, t: number) =>
      searchLogs(w, { service: 'web', contains: 'GET', startMs: t, endMs: t + 1000, limit: 1 }).matched;
    expect(second(withHerd, RELEASE)).toBeGreaterThan(20 * second(withHerd, RELEASE - 6 * 60_000));
    expect(second(outageOnly, RELEASE)).toBeLessThan(40);
  });

  it("burns the recovered service's CPU while the waves last", () => {
    const cpu = (t: number) =>
      metricAt(withHerd, 'max(rate(process_cpu_seconds_total{service="api"}[1m]))', t);
    expect(cpu(RELEASE + 60_000)).toBeGreaterThan(cpu(RELEASE - 6 * 60_000) * 3);
  });

  it('leaves many identical calls in the same second, a fixed interval apart', () => {
    const perSecond = new Map<number, number>();
    for (let row = 0; row < withHerd.traces.size; row++) {
      const s = withHerd.traces.span(row);
      if (s.service !== 'web' || s.kind !== 'server' || s.name !== 'GET /items') continue;
      const second = Math.floor(s.startMs / 1000) * 1000;
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    // Users arrive a dozen a second; in a wave, hundreds call in the same second.
    const bursts = [...perSecond]
      .filter(([, n]) => n >= 100)
      .map(([t]) => t)
      .sort((a, b) => a - b);
    expect(bursts.slice(0, 3)).toEqual([RELEASE, RELEASE + HERD_RETRY_MS, RELEASE + 2 * HERD_RETRY_MS]);
  });

  it('ends when what lets the clients come back together is undone; a restart of the caller does not', () => {
    const scenario = faultWorld(HERD.replace('severity: 0.5', 'severity: 0.5, enabledBy: [change]'), OUTAGE);
    const harmAfter = (action: string | undefined) => {
      const run = new Run(scenario, scenario.seed, { healthOnly: true });
      run.advanceTo(RELEASE);
      if (action) run.mitigate(mitigationOf(scenario, action), RELEASE);
      run.advanceTo(RELEASE + 5 * 60_000);
      // 00:17:30 to 00:19:30, once the revert has rolled out.
      return run.health.window(70, 78).affected;
    };
    const none = harmAfter(undefined);
    expect(none).toBeGreaterThan(500);
    expect(harmAfter('restart:web')).toBeGreaterThan(none / 2);
    expect(harmAfter('revert:change')).toBeLessThan(none / 10);
  });
});

describe('validating a herd', () => {
  const problems = (herd: string, extra = OUTAGE) =>
    loadScenario(faultWorldText(herd, extra), 'herd.yaml').diagnostics.map((d) => `${d.path}: ${d.message}`);

  it.each([
    [
      'an unknown outage',
      HERD.replace('releasedBy: blip', 'releasedBy: blp'),
      OUTAGE,
      'faults[0].releasedBy: unknown fault "blp" (did you mean "blip"?)',
    ],
    [
      'an outage that never ends',
      HERD,
      OUTAGE.replace(', until: 2026-03-01T00:15:00Z', ''),
      'faults[0].releasedBy: fault "blip" never ends (it has no `until`), so nobody comes back: give it an `until`, the moment the herd is released',
    ],
    [
      'a start besides the release',
      HERD.replace('releasedBy: blip', 'releasedBy: blip, trigger: change'),
      OUTAGE,
      'faults[0].releasedBy: a herd released by a fault starts when that fault ends: remove `trigger` and `from`, or `releasedBy`',
    ],
    [
      'neither a release nor a start',
      HERD.replace(', releasedBy: blip', ''),
      OUTAGE,
      'faults[0]: a thundering-herd needs `releasedBy` (the fault whose end lets the waiting clients back in), a `trigger` or a `from` time',
    ],
    [
      'a caller no user calls',
      HERD.replace('service: web, edge: { from: web, to: api }', 'service: api, edge: { from: api, to: db }'),
      OUTAGE,
      'faults[0].service: a thundering-herd is the users of "api" coming back at once, so it needs an endpoint of "api" that users call (a `rate`) and that calls "db"',
    ],
    [
      'another kind released by a fault',
      HERD.replace('kind: thundering-herd', 'kind: retry-storm'),
      OUTAGE,
      "faults[0].releasedBy: only a thundering-herd is released by another fault's end; give this retry-storm a `trigger` or `from`",
    ],
  ])('refuses %s, at the field, with what to do', (_name, herd, extra, message) => {
    expect(problems(herd, extra)).toContain(message);
  });

  it('accepts a herd released by an outage that ends', () => {
    expect(problems(HERD)).toEqual([]);
  });
});
