import { simulate } from '../../sim/simulate.ts';
import type { World } from '../../world/world.ts';
import { faultStartText } from '../faultStart.ts';
import type { Scenario } from '../schema.ts';
import { parseTimestamp } from '../units.ts';
import type { LintFinding } from './types.ts';

/** Fewer new log lines than this, with no metric or span changed, is a symptom a trainee will likely miss. */
const FAINT_LINES = 5;
/** A metric series whose mean over the fault's window moves by more than this share differs. */
const SERIES_CHANGE = 0.05;
/**
 * How long before the fault's window the world without it keeps its text: longer than any request takes,
 * so every span that starts in the window is there, whenever its request arrived.
 */
const DETAIL_MARGIN_MS = 10 * 60_000;

/** What a fault changed in a world, against the same world without it, over the fault's window. */
export interface SymptomDiff {
  /** Log lines (with their count) found in the faulty world and not in the other. */
  readonly newLines: number;
  readonly series: number;
  readonly errorSpans: number;
}

/**
 * Check (a): every fault leaves a symptom. The world is simulated again without the fault; the
 * simulation gives a fault its own randomness, so everything else comes out the same and any difference
 * in the fault's window — a new log line, a metric series that moves, error spans — is the fault's doing.
 */
export function symptomlessFaults(scenario: Scenario, world: World): LintFinding[] {
  const findings: LintFinding[] = [];
  scenario.faults.forEach((fault, i) => {
    const window = faultWindow(scenario, i, world);
    const without = worldWithout(scenario, i, world);
    const where = `between ${fmt(window.fromMs)} and ${fmt(window.untilMs)}`;
    const shown =
      seriesDiff(world, without, window.fromMs, window.untilMs) > 0 ||
      errorSpanDiff(world, without, window.fromMs, window.untilMs) !== 0;
    // A series or a span that differs is a symptom enough: the lines need counting only without one.
    const newLines = shown ? 0 : lineDiff(world, without, window.fromMs, window.untilMs);
    if (!shown && newLines === 0) {
      findings.push({
        rule: 'symptomless-fault',
        severity: 'error',
        path: ['faults', i],
        message: `fault "${fault.id}" (${fault.kind}) leaves no symptom ${where}: no log line, metric series or span differs from a run without it; check its service, route, segment, region and window, or give it a log, status, errorRate, addedLatency or counter`,
      });
    } else if (!shown && newLines < FAINT_LINES) {
      findings.push({
        rule: 'symptomless-fault',
        severity: 'warning',
        path: ['faults', i],
        message: `fault "${fault.id}" (${fault.kind}) leaves only ${newLines} log line(s) ${where} and no metric or span changes; a trainee is unlikely to find it`,
      });
    }
  });
  return findings;
}

/**
 * The world of the scenario without fault `i`, as far as the fault's window needs it: only that window is
 * compared, so before it the run keeps its metrics (the model runs all the same) but writes no log line
 * or trace, which is most of what a world costs.
 */
export function worldWithout(scenario: Scenario, i: number, world: World): World {
  const window = faultWindow(scenario, i, world);
  return simulate(
    { ...scenario, faults: scenario.faults.filter((_, j) => j !== i) },
    { seed: world.seed, detailFromMs: Math.max(world.startMs, window.fromMs - DETAIL_MARGIN_MS) },
  );
}

function fmt(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** When fault `i` acts, clipped to the world's window. */
export function faultWindow(
  scenario: Scenario,
  i: number,
  world: World,
): { fromMs: number; untilMs: number } {
  const fault = scenario.faults[i]!;
  const from = parseTimestamp(faultStartText(scenario, fault) ?? '') ?? world.startMs;
  const until = fault.until ? (parseTimestamp(fault.until) ?? world.endMs) : world.endMs;
  return { fromMs: Math.max(from, world.startMs), untilMs: Math.min(until, world.endMs) };
}

/** Counts what differs between two worlds of one scenario over a window. */
export function diffWorlds(a: World, b: World, fromMs: number, untilMs: number): SymptomDiff {
  return {
    newLines: lineDiff(a, b, fromMs, untilMs),
    series: seriesDiff(a, b, fromMs, untilMs),
    errorSpans: errorSpanDiff(a, b, fromMs, untilMs),
  };
}

/** Log lines (with their count) of `a` in the window that `b` does not have. */
function lineDiff(a: World, b: World, fromMs: number, untilMs: number): number {
  const linesB = new Map<string, number>();
  for (let i = 0; i < b.logs.size; i++) {
    const ts = b.logs.tsMs(i);
    if (ts < fromMs || ts >= untilMs) continue;
    const key = `${b.logs.streamOf(i).key}\n${b.logs.line(i)}`;
    linesB.set(key, (linesB.get(key) ?? 0) + 1);
  }
  let newLines = 0;
  for (let i = 0; i < a.logs.size; i++) {
    const ts = a.logs.tsMs(i);
    if (ts < fromMs || ts >= untilMs) continue;
    const key = `${a.logs.streamOf(i).key}\n${a.logs.line(i)}`;
    const left = linesB.get(key) ?? 0;
    if (left > 0) linesB.set(key, left - 1);
    else newLines++;
  }
  return newLines;
}

/** Metric series of `a` whose mean over the window moved, or that `b` does not have. */
function seriesDiff(a: World, b: World, fromMs: number, untilMs: number): number {
  let series = 0;
  for (const s of a.metrics.series) {
    const o = b.metrics.get(s.labels);
    if (!o) {
      if (meanIn(s.ts, s.values, fromMs, untilMs) !== undefined) series++;
      continue;
    }
    const ma = meanIn(s.ts, s.values, fromMs, untilMs);
    const mb = meanIn(o.ts, o.values, fromMs, untilMs);
    if (ma === undefined || mb === undefined) continue;
    if (Math.abs(ma - mb) > SERIES_CHANGE * Math.max(Math.abs(mb), 1e-9)) series++;
  }
  return series;
}

/** Error spans started in the window in `a`, less those in `b`. */
function errorSpanDiff(a: World, b: World, fromMs: number, untilMs: number): number {
  return errorSpans(a, fromMs, untilMs) - errorSpans(b, fromMs, untilMs);
}

function meanIn(ts: Float64Array, values: Float64Array, fromMs: number, untilMs: number): number | undefined {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < ts.length; i++) {
    if (ts[i]! < fromMs || ts[i]! >= untilMs) continue;
    sum += values[i]!;
    n++;
  }
  return n === 0 ? undefined : sum / n;
}

function errorSpans(w: World, fromMs: number, untilMs: number): number {
  let n = 0;
  for (let row = 0; row < w.traces.size; row++) {
    if (!w.traces.isError(row)) continue;
    const startMs = w.traces.startMsOf(row);
    if (startMs >= fromMs && startMs < untilMs) n++;
  }
  return n;
}
