import { describe, expect, it } from 'vitest';
import { runTool } from '../../../src/engine/investigation/tools.ts';
import type { TraceQuery } from '../../../src/engine/investigation/toolsTraces.ts';
import {
  parseTraceQuery,
  searchTraces,
  traceEvidence,
} from '../../../src/engine/investigation/toolsTraces.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

describe('parseTraceQuery', () => {
  it.each([
    ['service=cart status=error', { service: 'cart', status: 'error', attributes: {} }],
    [
      'name="POST /checkout" minDuration=500ms maxDuration=2s http.route=/checkout',
      {
        name: 'POST /checkout',
        minDurationMs: 500,
        maxDurationMs: 2000,
        attributes: { 'http.route': '/checkout' },
      },
    ],
    ['service.name=web operation=GET', { service: 'web', name: 'GET', attributes: {} }],
    ['  ', { attributes: {} }],
    ['B6DB5629174C729A7E60FAB5FDF1197A', { traceId: 'b6db5629174c729a7e60fab5fdf1197a', attributes: {} }],
    ['trace:6a4e6ea56ea07393', { traceId: '6a4e6ea56ea07393', attributes: {} }],
  ])('%s', (text, want) => expect(parseTraceQuery(text)).toEqual({ query: want, errors: [] }));

  it.each([
    ['status=bad', 0, 10, 'status is ok, error or unset'],
    ['service=cart minDuration=soon', 13, 29, 'minDuration takes a duration such as 500ms or 2s'],
    ['service=cart oops', 13, 17, 'expected key=value, e.g. service=cart or status=error'],
  ])('%s is refused at %i–%i', (text, from, to, message) => {
    const { query, errors } = parseTraceQuery(text);
    expect(query).toBeUndefined();
    expect(errors.map((e) => [e.from, e.to, e.message])).toEqual([[from, to, message]]);
  });
});

describe('the traces tool', () => {
  const world = simulate(builtinScenario('tutorial.yaml'));
  const pageAt = Date.parse('2026-10-25T02:05:00Z');

  it('searches traces newest first, only those finished by the end of the range', () => {
    const result = runTool(world, { tool: 'traces', query: 'service=cart status=error', endMs: pageAt });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.matched).toBe(595);
    expect(result.items.length).toBe(20);
    expect(result.scope).toEqual({ startMs: world.startMs, endMs: pageAt, service: 'cart' });
    const first = result.items[0]!.evidence;
    expect(first).toMatchObject({
      kind: 'trace',
      ref: 'trace:1550ed0eed9d909ee648f99fd3772006',
      rootService: 'web',
      rootOperation: 'POST /checkout',
      services: ['web', 'cart'],
      error: true,
    });
    const starts = result.items.map((i) => (i.evidence.kind === 'trace' ? i.evidence.startMs : 0));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    for (const i of result.items)
      if (i.evidence.kind === 'trace')
        expect(i.evidence.startMs + i.evidence.durationMs).toBeLessThanOrEqual(pageAt);
  });

  it('opens one trace: the trace, then each span with its parent and attributes', () => {
    const result = runTool(world, {
      tool: 'traces',
      query: '1550ed0eed9d909ee648f99fd3772006',
      endMs: pageAt,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.items.map((i) => i.evidence.ref)).toEqual([
      'trace:1550ed0eed9d909ee648f99fd3772006',
      ...world.traces.trace('1550ed0eed9d909ee648f99fd3772006').map((s) => `span:${s.traceId}/${s.spanId}`),
    ]);
    expect(result.items[1]).toMatchObject({
      evidence: { kind: 'span', service: 'web', operation: 'POST /checkout', status: 'error' },
      span: { parentSpanId: '', kind: 'server' },
    });
  });

  it.each([
    ['a trace that had not finished by the clock', '1550ed0eed9d909ee648f99fd3772006', pageAt - 60_000],
    ['an unknown trace', '0000000000000000ffffffffffffffff', pageAt],
  ])('refuses %s with a message', (_, query, endMs) => {
    const result = runTool(world, { tool: 'traces', query, endMs });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.message)).toEqual([
      `no trace ${query} finished in this range (traces are sampled: about 1 in 10, and every one with an error)`,
    ]);
  });

  // The search reads spans in place; what it finds must be what building every span and filtering finds.
  const built = (q: TraceQuery, startMs: number, endMs: number) => {
    const spans = world.traces.traceIds.map((id) => world.traces.trace(id));
    const matches = (s: ReturnType<typeof world.traces.span>) =>
      (q.service === undefined || s.service === q.service) &&
      (q.name === undefined || s.name === q.name) &&
      (q.status === undefined || s.status === q.status) &&
      Object.entries(q.attributes).every(([k, v]) => String(s.attributes[k] ?? '') === v);
    const found = spans
      .filter((trace) =>
        q.service === undefined
          ? trace.some(matches)
          : trace.some((s) => s.startMs >= startMs && s.startMs < endMs && matches(s)),
      )
      .map(traceEvidence)
      .filter(
        (t) =>
          t.startMs >= startMs &&
          t.startMs + t.durationMs <= endMs &&
          (q.minDurationMs === undefined || t.durationMs >= q.minDurationMs) &&
          (q.maxDurationMs === undefined || t.durationMs <= q.maxDurationMs),
      )
      .sort((a, b) => b.startMs - a.startMs || (a.traceId < b.traceId ? -1 : 1));
    return { matched: found.length, traces: found.slice(0, 20) };
  };

  it.each([
    'service=cart status=error',
    'service=web name="POST /checkout" minDuration=20ms',
    'service=cart http.route=/api/cart/price app.user.coupon=yes',
    'status=error maxDuration=1s',
    'http.response.status_code=200 minDuration=50ms',
    'service=nobody',
  ])('finds for "%s" what filtering every built span finds', (text) => {
    const { query } = parseTraceQuery(text);
    const startMs = world.startMs + 10 * 60_000;
    const got = searchTraces(world.traces, query!, startMs, pageAt);
    expect(got).toEqual(built(query!, startMs, pageAt));
  });
});
