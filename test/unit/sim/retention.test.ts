import { describe, expect, it } from 'vitest';
import { defaultStep } from '../../../src/engine/investigation/tools.ts';
import { gapNotices } from '../../../src/engine/query/gapNotices.ts';
import { rangeQuery } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { simulate, simulateWith } from '../../../src/engine/sim/simulate.ts';
import { localLineWriter } from '../../../src/engine/sim/telemetry/lineWriter.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { faultWorld, faultWorldText } from './faultWorld.ts';

const T = (hhmm: string, day = '01') => Date.parse(`2026-03-${day}T${hhmm}:00Z`);
const FAULT =
  '{ id: f, kind: custom, service: api, route: "POST /v1/orders", trigger: change, errorRate: 0.2, log: { level: error, message: "order rejected" } }';

/** The log lines of a world from `fromMs` on, with their streams, in store order. */
function linesFrom(w: World, fromMs: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.logs.size; i++)
    if (w.logs.tsMs(i) >= fromMs) out.push(`${w.logs.streamOf(i).key} ${w.logs.line(i)}`);
  return out;
}

function metricsOf(w: World): string[] {
  return w.metrics.series.map(
    (s) => `${JSON.stringify(s.labels)} ${Array.from(s.ts).join(',')} ${Array.from(s.values).join(',')}`,
  );
}

function traceStarts(w: World): number[] {
  const out: number[] = [];
  for (let row = 0; row < w.traces.size; row++) out.push(w.traces.startMsOf(row));
  return out;
}

describe('a run that keeps text from a time on', () => {
  const scenario = faultWorld(FAULT);
  const full = simulate(scenario);
  const from = T('00:20');
  const later = simulate(scenario, { detailFromMs: from });

  it('keeps the same metrics, sample for sample: the model plays out as in a full run', () => {
    expect(metricsOf(later)).toEqual(metricsOf(full));
  });

  it('writes no line or trace before that time, and the same ones after it', () => {
    expect(linesFrom(later, 0).length).toBeGreaterThan(1000);
    expect(linesFrom(later, 0)).toEqual(linesFrom(later, from));
    // A request that arrived just before the cut writes its lines just after it: past a second they agree.
    expect(linesFrom(later, from + 1000)).toEqual(linesFrom(full, from + 1000));
    expect(Math.min(...traceStarts(later))).toBeGreaterThanOrEqual(from);
    expect(traceStarts(later).length).toBe(traceStarts(full).filter((t) => t >= from).length);
  });

  it('writes the same world with its log left to a line writer', async () => {
    const written = await simulateWith(scenario, (s, seed) => localLineWriter(s, seed), {
      detailFromMs: from,
    });
    expect(linesFrom(written, 0)).toEqual(linesFrom(later, 0));
    expect(metricsOf(written)).toEqual(metricsOf(later));
  });
});

/** The fault world over three days ending at 00:40 on the 4th, its stores keeping what the author says. */
function longWorld(observability: string, start = '2026-03-01T00:40:00Z') {
  const text = faultWorldText(FAULT, observability)
    .replace(
      'window: { start: 2026-03-01T00:00:00Z, end: 2026-03-01T00:40:00Z }',
      `window: { start: ${start}, end: 2026-03-04T00:40:00Z }`,
    )
    .replace(/rate: 12,/, 'rate: 0.5,')
    .replace(/rate: 4,/, 'rate: 0.2,')
    .replaceAll('2026-03-01T00:15:00Z', '2026-03-04T00:15:00Z')
    .replace('2026-03-01T00:39:00Z', '2026-03-04T00:39:00Z');
  return { text, ...loadScenario(text, 'long.yaml') };
}

describe('a window of days', () => {
  const { scenario, diagnostics } = longWorld(
    'observability:\n  logs: { retention: 12h }\n  traces: { retention: 2h }',
  );

  const w = simulate(scenario!);

  it('loads, with its stores keeping their last hours', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const end = T('00:40', '04');
    expect(w.logs.tsMs(0)).toBeGreaterThanOrEqual(end - 12 * 3_600_000);
    expect(Math.min(...traceStarts(w))).toBeGreaterThanOrEqual(end - 2 * 3_600_000);
    expect(w.gaps?.logsKeptFromMs).toBe(end - 12 * 3_600_000);
    expect(w.gaps?.tracesKeptFromMs).toBe(end - 2 * 3_600_000);

    // Metrics cover all three days: a scrape a minute before the last day, every 15 s in it.
    const up = w.metrics.series.find((s) => s.labels.__name__ === 'up')!;
    expect(up.ts[0]).toBe(T('00:40'));
    const gaps = Array.from(up.ts.subarray(1), (t, i) => t - up.ts[i]!);
    const dayStart = end - 86_400_000;
    expect(new Set(gaps.filter((_, i) => up.ts[i + 1]! <= dayStart))).toEqual(new Set([60_000]));
    expect(new Set(gaps.filter((_, i) => up.ts[i]! >= dayStart))).toEqual(new Set([15_000]));
    expect(w.gaps?.metricsFineFromMs).toBe(dayStart);

    // A rate over the first day still answers, from the minute samples.
    const r = rangeQuery(
      w.metrics,
      'sum(rate(http_server_requests_total[5m]))',
      T('06:00'),
      T('07:00'),
      300_000,
    );
    if (!r.ok || r.value.resultType !== 'matrix') throw new Error('no matrix');
    expect(r.value.result[0]!.samples.length).toBe(13);
  });

  it('says what the tools no longer keep, only for a range that reaches before it', () => {
    const end = T('00:40', '04');
    expect(gapNotices(w.gaps, 'logs', end - 86_400_000, end)).toEqual([
      'no log lines before Mar 3 12:40 UTC: the log store keeps nothing older',
    ]);
    expect(gapNotices(w.gaps, 'traces', end - 3 * 3_600_000, end)).toEqual([
      'no traces before Mar 3 22:40 UTC: the trace store keeps nothing older',
    ]);
    expect(gapNotices(w.gaps, 'metrics', T('00:40'), end)).toEqual([
      'samples before Mar 3 00:40 UTC are a minute apart: rate() and friends need a range of 2m or more there',
    ]);
    expect(gapNotices(w.gaps, 'logs', end - 3_600_000, end)).toEqual([]);
    expect(gapNotices(w.gaps, 'metrics', end - 3_600_000, end)).toEqual([]);
  });
});

describe('how long a window may be', () => {
  const problems = (observability: string, start?: string) =>
    longWorld(observability, start).diagnostics.map((d) => `${d.path}: ${d.message}`);

  it.each([
    [
      'eight days',
      '',
      '2026-02-24T00:40:00Z',
      'window.end: the window is 8d long; at most 7d: end it earlier or start it later',
    ],
    [
      'a retention as long as the window',
      'observability:\n  logs: { retention: 7d }',
      undefined,
      'observability.logs.retention: logs kept for 7d covers the whole 3d window, so it changes nothing; keep less than the window, or leave retention out',
    ],
  ])('refuses %s, saying where and why', (_, observability, start, message) => {
    expect(problems(observability, start)).toContain(message);
  });

  it('refuses a retention under an hour in the schema', () => {
    expect(problems('observability:\n  traces: { retention: 30m }').join('\n')).toMatch(
      /observability\.traces\.retention: .*1h/,
    );
  });
});

describe('a metrics query over days', () => {
  it.each([
    ['three hours', 3 * 3_600_000, 45_000],
    ['a day', 86_400_000, 360_000],
    ['three days', 3 * 86_400_000, 300_000],
    ['a week', 7 * 86_400_000, 900_000],
  ])('over %s is drawn at a step a chart can hold', (_, rangeMs, step) => {
    expect(defaultStep(rangeMs)).toBe(step);
    expect(rangeMs / defaultStep(rangeMs)).toBeLessThanOrEqual(1_000);
  });

  it('dates the times of an outage notice once the range spans a day', () => {
    const gaps = {
      metrics: [{ fromMs: T('02:10', '03'), toMs: T('02:25', '03') }],
      traces: [],
      logs: [],
      logsLateMs: 0,
    };
    expect(gapNotices(gaps, 'metrics', T('00:00', '03'), T('03:00', '03'))).toEqual([
      'no data from 02:10 to 02:25 UTC: no scrape was stored then',
    ]);
    expect(gapNotices(gaps, 'metrics', T('00:00', '01'), T('03:00', '03'))).toEqual([
      'no data from Mar 3 02:10 to Mar 3 02:25 UTC: no scrape was stored then',
    ]);
  });
});
