import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../../src/engine/investigation/tools.ts';
import { gapNotices, withGapWarnings } from '../../../src/engine/query/gapNotices.ts';
import { toLokiJSON } from '../../../src/engine/query/logql/index.ts';
import { instantQuery, rangeQuery, toPrometheusJSON } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { createRun, simulate, simulateWith } from '../../../src/engine/sim/simulate.ts';
import { localLineWriter } from '../../../src/engine/sim/telemetry/lineWriter.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { loadedScenario } from '../helpers.ts';

/**
 * The shop behind a managed gateway; its metrics and logs cross the gateway, whose link is slow from the
 * route change at 02:10 until 02:25.
 */
const TEXT = readFileSync('test/fixtures/managed-gateway.yaml', 'utf8');
const T = (hhmm: string) => Date.parse(`2026-03-01T${hhmm}:00Z`);

function load(text: string, file = 'managed-gateway.yaml') {
  return loadScenario(text, file);
}

function scenarioOf(text: string): Scenario {
  return loadedScenario(text, 'managed-gateway.yaml');
}

const withTools = (tools: string) =>
  TEXT.replace(/^observability:\n( {2}.*\n)+/m, `observability:\n${tools}`);

/** The world generated up to `hhmm`, as the game has it when its clock reads that. */
function worldAt(scenario: Scenario, hhmm: string): World {
  const run = createRun(scenario);
  run.advanceTo(T(hhmm));
  return run.world();
}

function newestLine(w: World, query: string, endMs: number): number {
  const r = runTool(w, { tool: 'logs', query, endMs, limit: 1 });
  return r.ok && r.items[0]?.evidence.kind === 'log' ? r.items[0].evidence.tsMs : Number.NaN;
}

describe('metrics that depend on a failing component', () => {
  const world = simulate(scenarioOf(TEXT));

  it('store no scrape while it fails: range queries have a gap, absent() is true', () => {
    const r = rangeQuery(world.metrics, 'up{service="web"}', T('02:00'), T('02:40'), 60_000);
    if (!r.ok || r.value.resultType !== 'matrix') throw new Error('no matrix');
    for (const s of r.value.result) {
      const times = s.samples.map((p) => p.t);
      // The last scrape before is at 02:10; it is looked back to for five minutes, then nothing until 02:25:15.
      expect(times.filter((t) => t > T('02:14') && t < T('02:26'))).toEqual([]);
      expect(times).toContain(T('02:10'));
      expect(times).toContain(T('02:26'));
    }
    const absent = (at: string) => {
      const a = instantQuery(world.metrics, 'absent(up{service="web"})', T(at));
      return a.ok && a.value.resultType === 'vector' ? a.value.result.length : -1;
    };
    expect([absent('02:05'), absent('02:20'), absent('02:35')]).toEqual([0, 1, 0]);
  });

  it('keep counting: the first scrape after the gap holds every request of it', () => {
    const at = (hhmm: string) => {
      const r = instantQuery(world.metrics, 'sum(http_server_requests_total{service="api"})', T(hhmm));
      return r.ok && r.value.resultType === 'vector' ? r.value.result[0]!.v : Number.NaN;
    };
    // Ten requests a second: the fifteen minutes the pipeline missed are in the count when it is back.
    expect(at('02:26') - at('02:10')).toBeGreaterThan(16 * 60 * 8);
  });

  it('say when the data is missing, not why', () => {
    const r = runTool(world, { tool: 'metrics', query: 'sum(rate(http_server_requests_total[1m]))' });
    expect(r.ok && r.notices).toEqual(['no data from 02:10 to 02:25 UTC: no scrape was stored then']);
    const before = runTool(world, { tool: 'metrics', query: 'up', startMs: T('02:00'), endMs: T('02:05') });
    expect(before.ok && before.notices).toBeUndefined();
    const json = JSON.parse(
      toPrometheusJSON(
        withGapWarnings(
          rangeQuery(world.metrics, 'up', T('02:00'), T('02:40'), 60_000),
          world.gaps,
          'metrics',
          T('02:00'),
          T('02:40'),
        ),
      ),
    );
    expect(json.warnings).toEqual(['no data from 02:10 to 02:25 UTC: no scrape was stored then']);
  });
});

describe('logs that depend on a failing component', () => {
  const scenario = scenarioOf(TEXT);

  it('arrive late while it fails: a query sees a line only once the clock has passed it by lateBy', () => {
    const at20 = worldAt(scenario, '02:20');
    // 02:20 less five minutes: lines written since 02:15 are still on their way.
    expect(newestLine(at20, '{service="web"}', T('02:20'))).toBeLessThan(T('02:15'));
    expect(newestLine(at20, '{service="web"}', T('02:20'))).toBeGreaterThan(T('02:14') + 30_000);
    const r = runTool(at20, { tool: 'logs', query: '{service="api"}', endMs: T('02:20') });
    expect(r.ok && r.notices).toEqual([
      'results may be incomplete: log lines from 02:15 UTC on are still arriving',
    ]);
    // Before the failure nothing was late.
    const at09 = worldAt(scenario, '02:09');
    expect(newestLine(at09, '{service="web"}', T('02:09'))).toBeGreaterThan(T('02:08'));
  });

  it('catch up once it is back, every line in its place', () => {
    const at30 = worldAt(scenario, '02:30');
    expect(newestLine(at30, '{service="web"}', T('02:30'))).toBeGreaterThan(T('02:29'));
    const r = runTool(at30, { tool: 'logs', query: '{service="web"}', endMs: T('02:30') });
    expect(r.ok && r.notices).toEqual(['log lines from 02:10 to 02:25 UTC arrived up to 5m late']);
    // The lines that came late take the ids they would have had: evidence pinned later points at the same.
    const late = simulate(scenario);
    const onTime = simulate(scenarioOf(withTools('  metrics: { dependsOn: gateway }\n')));
    expect(late.logs.size).toBe(onTime.logs.size);
    for (const id of [0, 1000, Math.floor(late.logs.size / 2), late.logs.size - 1])
      expect(late.logs.entry(id)).toEqual(onTime.logs.entry(id));
  });

  it('come late the same way when a line writer writes them', async () => {
    const here = simulate(scenario);
    const written = await simulateWith(scenario, localLineWriter);
    expect(written.logs.size).toBe(here.logs.size);
    for (let id = 0; id < here.logs.size; id += 97)
      expect(written.logs.entry(id)).toEqual(here.logs.entry(id));
  });

  it("answer in Loki's shape with its warnings", () => {
    const notices = gapNotices(worldAt(scenario, '02:20').gaps, 'logs', T('02:00'), T('02:20'));
    expect(notices).toEqual(['results may be incomplete: log lines from 02:15 UTC on are still arriving']);
    const body = toLokiJSON(
      withGapWarnings(
        { ok: true, value: { resultType: 'streams', result: [] }, warnings: [] },
        worldAt(scenario, '02:20').gaps,
        'logs',
        T('02:00'),
        T('02:20'),
      ),
    );
    expect('warnings' in body && body.warnings).toEqual(notices);
  });
});

describe('traces that depend on a failing component', () => {
  const world = simulate(scenarioOf(withTools('  traces: { dependsOn: gateway }\n')));

  it('are dropped while it fails, and the search says when', () => {
    const r = runTool(world, { tool: 'traces', query: 'service=web', limit: 10_000 });
    if (!r.ok) throw new Error(r.errors[0]?.message);
    const starts = r.items.map((i) => (i.evidence.kind === 'trace' ? i.evidence.startMs : 0));
    expect(starts.filter((t) => t >= T('02:10') && t < T('02:25'))).toEqual([]);
    expect(starts.filter((t) => t < T('02:10')).length).toBeGreaterThan(50);
    expect(r.notices).toEqual(['no traces were received from 02:10 to 02:25 UTC']);
  });
});

describe('what a tool depends on, validated', () => {
  it.each([
    [
      '  metrics: { dependsOn: gatewy }\n',
      'observability.metrics.dependsOn',
      'unknown service "gatewy" (did you mean "gateway"?)',
    ],
    [
      '  logs: { dependsOn: gateway, lateBy: 2h }\n',
      'observability.logs.lateBy',
      'logs 2h late is longer than the window (1h): no line of the failing time would arrive before it ends; use 1h or less',
    ],
  ])('%s', (tools, path, message) => {
    const { scenario, diagnostics } = load(withTools(tools));
    expect(scenario).toBeUndefined();
    const d = diagnostics.find((x) => x.path === path)!;
    expect(d.message).toBe(message);
    const line = withTools(tools).split('\n').indexOf(tools.trimEnd()) + 1;
    expect(d.line).toBe(line);
  });

  it('refuses a series or a line asked of a component nobody can see into', () => {
    const text = TEXT.replace(
      'timeline:',
      'metrics:\n  - { name: gateway_bytes_total, help: Bytes through., service: gateway }\nnoise:\n  - { service: gateway, every: 1m, message: tick }\ntimeline:',
    );
    const { diagnostics } = load(text);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'metrics[0].service: "gateway" is unobserved (observed: false): it exposes no metrics; declare the metric on a service that calls it',
      'noise[0].service: "gateway" is unobserved (observed: false): it writes no logs; give the line to a service that calls it',
    ]);
  });
});
