import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { hashString } from '../../../src/engine/sim/model/rng.ts';
import { createRun, simulate } from '../../../src/engine/sim/simulate.ts';
import { evaluateAlerts } from '../../../src/engine/sim/telemetry/alerts.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { builtinScenario } from '../helpers.ts';

/** A hash of every log entry, every sample and every span, in order. */
function digest(world: World): string {
  let h = 0x811c9dc5;
  for (let id = 0; id < world.logs.size; id++)
    h = hashString(`${world.logs.tsMs(id)}|${world.logs.streamOf(id).key}|${world.logs.line(id)}\n`, h);
  for (const s of world.metrics.series) h = hashString(`${s.key}:${s.ts.join(',')}:${s.values.join(',')}`, h);
  for (let row = 0; row < world.traces.size; row++) h = hashString(JSON.stringify(world.traces.span(row)), h);
  return `${world.logs.size}/${world.metrics.series.length}/${world.traces.size}:${h.toString(16)}`;
}

describe('a run', () => {
  const tutorial = builtinScenario('tutorial.yaml');

  it('gives the same logs, metrics and traces when advanced in steps as in one go', () => {
    const run = createRun(tutorial);
    const start = Date.parse(tutorial.window.start);
    for (const minutes of [7, 31, 32, 60, 90]) run.advanceTo(start + minutes * 60_000);
    expect(digest(run.world())).toBe(digest(simulate(tutorial)));
  });

  it('once released, keeps nothing of the world it made and cannot go on', () => {
    const run = createRun(tutorial);
    run.advanceTo(Date.parse(tutorial.window.end));
    const world = run.world();
    const before = digest(world);
    run.release();
    // The world keeps what the run made; the run lets go of it.
    expect(digest(world)).toBe(before);
    expect(run.logs.size + run.traces.size + run.metrics.size).toBe(0);
    expect(() => run.advanceTo(Date.parse(tutorial.window.end) + 60_000)).toThrow(/released/);
  });

  it('reports progress up to 1 and checkpoints where it stopped', () => {
    const seen: number[] = [];
    simulate(tutorial, { progress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const run = createRun(tutorial);
    run.advanceTo(Date.parse('2026-10-25T01:30:00Z'));
    const cp = run.checkpoint();
    expect({ tick: cp.tick, rngs: Object.keys(cp.rng).length }).toEqual({ tick: 120, rngs: 7 });
  });

  it('writes Prometheus series with metadata, including the one the bench query reads', () => {
    const world = simulate(tutorial);
    const r = instantQuery(
      world.metrics,
      'sum by (service) (rate(http_server_requests_total[5m]))',
      world.endMs,
    );
    expect(
      r.ok && r.value.resultType === 'vector' ? r.value.result.map((e) => e.labels.service) : [],
    ).toEqual(['cart', 'web']);
    expect(world.metrics.metadata.get('http_server_request_duration_seconds')?.type).toBe('histogram');
    const buckets = world.metrics.select([
      { name: '__name__', op: '=', value: 'http_server_request_duration_seconds_bucket' },
    ]);
    expect(new Set(buckets.map((s) => s.labels.le)).has('+Inf')).toBe(true);
  });

  it('keeps every trace with an error and samples about a tenth of the rest', () => {
    const world = simulate(tutorial);
    const errors = searchLogs(world, { service: 'web', contains: '" 502 ', limit: 1_000_000 });
    for (const l of errors.lines.slice(0, 50)) {
      const traceId = /trace_id=(\w+)/.exec(l.line)![1]!;
      const spans = world.traces.trace(traceId);
      expect(spans.some((s) => s.status === 'error' && s.service === 'cart')).toBe(true);
    }
    // Health checks carry no trace id; every other successful request does.
    const web = searchLogs(world, { service: 'web', contains: 'HTTP/1.1" 200', limit: 1_000_000 });
    const ids = web.lines
      .map((l) => /trace_id=([0-9a-f]{32})/.exec(l.line)?.[1])
      .filter((id) => id !== undefined);
    let kept = 0;
    for (const id of ids) if (world.traces.trace(id).length > 0) kept++;
    const share = kept / ids.length;
    expect(share > 0.08 && share < 0.12).toBe(true);
  });

  it('gives a span the OpenTelemetry attribute names', () => {
    const world = simulate(tutorial);
    const span = world.traces.span(world.traces.spansOf('cart')[0]!);
    expect(Object.keys(span.attributes).sort()).toEqual(
      span.kind === 'server'
        ? [
            'http.request.method',
            'http.response.status_code',
            'http.route',
            'service.instance.id',
            'service.name',
            'url.path',
            ...Object.keys(span.attributes).filter((k) => k.startsWith('app.')),
          ].sort()
        : Object.keys(span.attributes).sort(),
    );
  });

  it('fires the tutorial alert after the deploy, as Prometheus would', () => {
    const world = simulate(tutorial);
    const { alerts, errors } = evaluateAlerts(tutorial.alerts, world.metrics, world.startMs, world.endMs);
    expect(errors).toEqual([]);
    expect(alerts.map((a) => [a.alert, a.severity, a.firingAtMs !== undefined])).toEqual([
      ['CheckoutErrorRate', 'page', true],
    ]);
    expect(alerts[0]!.pendingAtMs).toBeGreaterThan(Date.parse('2026-10-25T01:40:00Z'));
    expect(alerts[0]!.firingAtMs! - alerts[0]!.pendingAtMs).toBeGreaterThanOrEqual(120_000);
  });
});
