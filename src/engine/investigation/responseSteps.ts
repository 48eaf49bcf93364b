import type { Mitigations } from '../scenario/responseSchema.ts';
import type { Scenario } from '../scenario/schema.ts';
import { parseDuration, parseTimestamp } from '../scenario/units.ts';
import type { PaletteSource } from '../sim/response/palette.ts';
import { actionPalette } from '../sim/response/palette.ts';
import type { Action } from './actions.ts';

/**
 * What places actions on the incident clock: the system the actions act on and, where known, the
 * scenario's verdicts (a cost it sets); without them each verb takes its usual time.
 */
export type ClockSource = PaletteSource & { readonly mitigations?: Mitigations };

/** The game time each action of the palette takes, by id. */
function costs(source: ClockSource): Map<string, number> {
  return new Map(
    actionPalette(source, { verdicts: source.mitigations }).map((a) => [a.id, parseDuration(a.cost) ?? 0]),
  );
}

/** A mitigation the trainee applied, placed on the incident clock. */
export interface AppliedMitigation {
  readonly mitigation: string;
  /** Elapsed investigation time when it was chosen (the action's `at`). */
  readonly at: number;
  /** The incident clock then, in milliseconds since the epoch. */
  readonly atMs: number;
  /** The game time it took. */
  readonly costMs: number;
}

/**
 * Where each mitigation of an action log falls on the incident clock. The clock is the page's time plus
 * the time spent on the case plus the game time each earlier mitigation took (waiting for a rollout moves
 * the clock on), so the same log always places the same actions at the same times.
 */
export function appliedMitigations(
  scenario: ClockSource & Pick<Scenario, 'briefing'>,
  actions: readonly Action[],
): AppliedMitigation[] {
  const page = parseTimestamp(scenario.briefing.page.at)!;
  const cost = costs(scenario);
  const out: AppliedMitigation[] = [];
  let waited = 0;
  for (const a of actions) {
    if (a.type !== 'mitigate' || out.some((m) => m.mitigation === a.mitigation)) continue;
    const costMs = cost.get(a.mitigation);
    if (costMs === undefined) continue;
    out.push({ mitigation: a.mitigation, at: a.at, atMs: page + a.at + waited, costMs });
    waited += costMs;
  }
  return out;
}

/** The game time mitigations have added to the incident clock so far. */
export function responseDelayMs(
  scenario: ClockSource & Pick<Scenario, 'briefing'>,
  actions: readonly Action[],
): number {
  return appliedMitigations(scenario, actions).reduce((sum, m) => sum + m.costMs, 0);
}

/**
 * The incident clock at each action of a log: the page's time, plus the time spent, plus the game time of
 * the mitigations applied before it. Actions not in the log read as the page's time plus their `at`.
 */
export function actionClock(
  scenario: ClockSource,
  pageMs: number,
  actions: readonly Action[],
): (action: Action) => number {
  const times = new Map<Action, number>();
  const applied = new Set<string>();
  const cost = costs(scenario);
  let waited = 0;
  for (const a of actions) {
    times.set(a, pageMs + a.at + waited);
    if (a.type !== 'mitigate' || applied.has(a.mitigation)) continue;
    const costMs = cost.get(a.mitigation);
    if (costMs === undefined) continue;
    applied.add(a.mitigation);
    waited += costMs;
  }
  return (a) => times.get(a) ?? pageMs + a.at;
}
