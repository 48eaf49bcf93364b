import type { Scenario } from '../../scenario/schema.ts';
import { parseDuration, parseTimestamp } from '../../scenario/units.ts';
import { damageNote } from '../faults/dataLoss.ts';
import type { RunOptions } from '../run.ts';
import { Run, TICK_MS } from '../run.ts';
import type { HealthWindow } from './health.ts';
import type { MitigationEffect } from './outcomes.ts';
import { judge } from './outcomes.ts';
import type { Mitigation } from './palette.ts';
import { paletteEntry } from './palette.ts';

export type { MitigationEffect, Outcome } from './outcomes.ts';
export { judge, OUTCOME_LABELS } from './outcomes.ts';

/** A mitigation applied at a time on the incident clock. */
export interface ResponseStep {
  readonly mitigation: string;
  readonly atMs: number;
}

const WINDOW_MS = 20 * 60_000;

/** How far past the last action the run must go for every effect to be judged (the "later" window). */
export const JUDGE_AFTER_MS = 60 * 60_000;

/**
 * The action a step names, at the cost the scenario gives it; throws, naming what is close, when the
 * system has no such action (a hand-made or stale log) or, given the step's time, not yet then: before
 * anything is changed.
 */
export function mitigationOf(scenario: Scenario, id: string, atMs?: number): Mitigation {
  const found = paletteEntry(scenario, id, { verdicts: scenario.mitigations, atMs });
  if ('error' in found) throw new Error(found.error);
  return found.entry;
}

/** When a mitigation applied at `atMs` is complete. */
export function doneAt(m: Mitigation, atMs: number): number {
  return atMs + (parseDuration(m.cost) ?? 0);
}

/**
 * Plays a scenario with a responder's actions: the run goes to each action's time, applies it and goes on,
 * to `untilMs` (past the incident window if need be). The same steps give the same world, and the world
 * before the first step is the one the scenario gives without any.
 *
 * @example
 * const run = playResponse(scenario, 7, [{ mitigation: 'rollback:deploy-billing-4-7-1', atMs: pageMs }], pageMs + 3_600_000);
 * const world = run.world();
 */
export function playResponse(
  scenario: Scenario,
  seed: number,
  steps: readonly ResponseStep[],
  untilMs: number,
  progress?: (fraction: number) => void,
  options: RunOptions = {},
): Run {
  const run = new Run(scenario, seed, options);
  run.extendTo(untilMs);
  for (const step of [...steps].sort((a, b) => a.atMs - b.atMs)) {
    run.advanceTo(step.atMs, progress);
    run.mitigate(mitigationOf(scenario, step.mitigation, step.atMs), step.atMs);
  }
  run.advanceTo(untilMs, progress);
  return run;
}

const tickOf = (run: Run, ms: number) => Math.floor((ms - run.sys.startMs) / TICK_MS);

/** The users' experience over `[fromMs, toMs)` of a run (whole ticks). */
export function healthBetween(run: Run, fromMs: number, toMs: number): HealthWindow {
  return run.health.window(tickOf(run, fromMs), tickOf(run, toMs));
}

/**
 * What one mitigation did: the run with it (`withIt`) against the run without it (`without`, everything
 * else as played), over the ten minutes after it was done and, when both went that far, forty to sixty
 * minutes after.
 */
export function judgeStep(without: Run, withIt: Run, step: ResponseStep): MitigationEffect {
  const m = mitigationOf(withIt.scenario, step.mitigation);
  const doneMs = doneAt(m, step.atMs);
  const reached = Math.min(withIt.nowMs, without.nowMs);
  const to = Math.min(doneMs + WINDOW_MS, reached);
  const laterFrom = doneMs + 40 * 60_000;
  const laterTo = Math.min(doneMs + JUDGE_AFTER_MS, reached);
  const later =
    reached >= laterFrom + 5 * 60_000
      ? {
          with: healthBetween(withIt, laterFrom, laterTo),
          without: healthBetween(without, laterFrom, laterTo),
        }
      : undefined;
  const after = healthBetween(withIt, doneMs, to);
  const alone = healthBetween(without, doneMs, to);
  // A cache keeps what it holds in memory: restarted, it comes back empty (see the resource tick).
  const emptied =
    m.kind === 'restart' && withIt.sys.byId.get(m.service ?? '')?.spec.kind === 'cache'
      ? `${m.service} came back empty: its lookups went to the services behind it until it filled again`
      : undefined;
  const damage = [damageNote(withIt, without, m, doneMs), emptied].filter(Boolean).join('; ');
  return {
    mitigation: step.mitigation,
    atMs: step.atMs,
    doneMs,
    outcome: judge(alone, after, later),
    before: healthBetween(withIt, step.atMs - WINDOW_MS, step.atMs),
    after,
    without: alone,
    ...(later ? { later } : {}),
    ...(damage ? { damage } : {}),
  };
}

/**
 * Judges each step of a played response. `runs[k]` is the run with the first `k` steps (so `runs[0]` has
 * none and the last has them all): step `k` is judged by `runs[k + 1]` against `runs[k]`.
 */
export function judgeResponse(runs: readonly Run[], steps: readonly ResponseStep[]): MitigationEffect[] {
  const ordered = [...steps].sort((a, b) => a.atMs - b.atMs);
  return ordered.map((step, k) => judgeStep(runs[k]!, runs[k + 1]!, step));
}

/**
 * Plays a response step by step and judges each step against the same world without it: the runs with
 * none, the first, the first two… of the steps, each to `untilMs`. The runs keep only their health.
 */
export function playAndJudge(
  scenario: Scenario,
  seed: number,
  steps: readonly ResponseStep[],
  untilMs: number,
): { runs: Run[]; effects: MitigationEffect[] } {
  const ordered = [...steps].sort((a, b) => a.atMs - b.atMs);
  // Only the health is judged: the runs keep nothing else, however far past the window a slow fix takes them.
  const run = new Run(scenario, seed, { healthOnly: true });
  run.extendTo(untilMs);
  // The run with the first k steps is the one with k + 1 up to step k: a copy taken there goes on without it.
  const runs = ordered.map((step) => {
    run.advanceTo(step.atMs);
    const without = run.fork();
    run.mitigate(mitigationOf(scenario, step.mitigation, step.atMs), step.atMs);
    return without;
  });
  runs.push(run);
  for (const r of runs) r.advanceTo(untilMs);
  return { runs, effects: judgeResponse(runs, ordered) };
}

/** The page's time: where a play starts on the incident clock. */
export function pageTime(scenario: Scenario): number {
  return parseTimestamp(scenario.briefing.page.at)!;
}
