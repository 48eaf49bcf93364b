import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../../src/engine/investigation/tools.ts';
import { logQuery } from '../../../src/engine/query/logql/index.ts';
import { instantQuery, rangeQuery } from '../../../src/engine/query/promql/index.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { mapTelemetry } from '../../../src/engine/views/mapTelemetry.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { loadedScenario } from '../helpers.ts';

/** The shop behind a managed gateway (web → gateway → api → db); the gateway's link is slow 02:10–02:25. */
const TEXT = readFileSync('test/fixtures/managed-gateway.yaml', 'utf8');
const T = (hhmm: string) => Date.parse(`2026-03-01T${hhmm}:00Z`);

function load(text: string): Scenario {
  const scenario = loadedScenario(text, 'managed-gateway.yaml');
  return scenario;
}

/** The same shop with the gateway observed and no tool depending on it. */
const seen = (text: string) =>
  text.replace('      observed: false\n', '').replace(/^observability:\n( {2}.*\n)+/m, '');

const world = simulate(load(TEXT));
const observedWorld = simulate(load(seen(TEXT)));

/** Every log entry of a service as `time|stream|line`. */
function linesOf(w: World, service: string): string[] {
  const out: string[] = [];
  for (let id = 0; id < w.logs.size; id++) {
    const stream = w.logs.streamOf(id);
    if (stream.labels.service === service) out.push(`${w.logs.tsMs(id)}|${stream.key}|${w.logs.line(id)}`);
  }
  return out;
}

describe('a component nobody can see into', () => {
  it('writes no log line: {service="gateway"} finds nothing and no stream bears its name', () => {
    const r = logQuery(world.logs, '{service="gateway"}', { startMs: world.startMs, endMs: world.endMs });
    expect(r.ok && r.value.resultType === 'streams' ? r.value.result : undefined).toEqual([]);
    expect(world.logs.streams.filter((s) => s.labels.service === 'gateway')).toEqual([]);
    expect(linesOf(observedWorld, 'gateway').length).toBeGreaterThan(1000);
  });

  it('exposes no series: up{service="gateway"} is empty while its callers count their calls to it', () => {
    const up = instantQuery(world.metrics, 'up{service="gateway"}', T('02:05'));
    expect(up.ok && up.value.resultType === 'vector' ? up.value.result : undefined).toEqual([]);
    expect(world.metrics.labelValues('service')).toEqual(['api', 'db', 'web']);
    const calls = instantQuery(
      world.metrics,
      'sum by (service) (http_client_requests_total{peer="gateway"})',
      T('02:05'),
    );
    expect(
      calls.ok && calls.value.resultType === 'vector' ? calls.value.result.map((e) => e.labels) : [],
    ).toEqual([{ service: 'web' }]);
  });

  it('changes nothing of what the others write', () => {
    for (const service of ['web', 'api', 'db']) {
      expect(linesOf(world, service)).toEqual(linesOf(observedWorld, service));
      // The metrics pipeline crosses the gateway here: compare the services' series where both scraped.
      const scraped = (w: World) =>
        rangeQuery(w.metrics, `{service="${service}"}`, T('02:00'), T('02:09'), 60_000);
      expect(scraped(world)).toEqual(scraped(observedWorld));
    }
  });

  it('writes no span: the callee hangs under the caller, and the gap between them is the hop', () => {
    expect(world.traces.spansOf('gateway')).toEqual([]);
    const slow = runTool(world, { tool: 'traces', query: 'service=web minDuration=300ms', limit: 5 });
    expect(slow.ok && slow.matched > 0).toBe(true);
    const opened = runTool(world, {
      tool: 'traces',
      query: slow.ok && slow.items[0]!.evidence.kind === 'trace' ? slow.items[0]!.evidence.traceId : '',
    });
    if (!opened.ok) throw new Error(opened.errors[0]?.message);
    const spans = opened.items.flatMap((i) =>
      i.evidence.kind === 'span' && i.span ? [{ e: i.evidence, d: i.span }] : [],
    );
    const client = spans.find((s) => s.e.service === 'web' && s.d.kind === 'client')!;
    const server = spans.find((s) => s.e.service === 'api' && s.d.kind === 'server')!;
    expect(server.d.parentSpanId).toBe(client.e.spanId);
    // The gateway's link added 400 ms at severity 0.8: web waited that long for an answer api gave in tens.
    expect(client.e.durationMs - server.e.durationMs).toBeGreaterThan(250);
    expect(spans.map((s) => s.e.service).sort()).toEqual(['api', 'api', 'web', 'web']);
  });

  it('still takes its faults: the callers see the time it adds', () => {
    // The tools depend on nothing here, so the slow minutes are scraped.
    const blindWorld = simulate(load(TEXT.replace(/^observability:\n( {2}.*\n)+/m, '')));
    const p95 = (at: string) => {
      const r = instantQuery(
        blindWorld.metrics,
        'histogram_quantile(0.95, sum by (le) (rate(http_client_request_duration_seconds_bucket{service="web", peer="gateway"}[5m])))',
        T(at),
      );
      return r.ok && r.value.resultType === 'vector' ? r.value.result[0]!.v : Number.NaN;
    };
    expect(p95('02:09')).toBeLessThan(0.1);
    expect(p95('02:20')).toBeGreaterThan(0.3);
    expect(p95('02:40')).toBeLessThan(0.1);
    expect(blindWorld.metrics.labelValues('service')).toEqual(['api', 'db', 'web']);
  });

  it('is drawn without telemetry on the map: the calls out of it carry none', () => {
    const map = mapTelemetry(world, T('02:05'));
    expect(map.edges['web>gateway']!.rate).toBeGreaterThan(5);
    // Not "no traffic": nothing is known of it, so the map answers nothing for it.
    expect(map.edges['gateway>api']).toBeUndefined();
    expect(map.edges['api>db']!.rate).toBeGreaterThan(5);
  });
});
