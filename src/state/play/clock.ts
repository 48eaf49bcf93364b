import { responseDelayWith } from '../../engine/investigation/responseClock.ts';
import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { Phase } from '../../flow/investigationMachine.ts';
import type { AppState } from '../store.ts';

/** The phases in which the investigation clock runs: the form and the retry prompt are moments of it. */
export const CLOCK_RUNS: ReadonlySet<Phase | 'loading'> = new Set(['investigating', 'diagnosing', 'wrong']);

/** The time spent on the case: it runs while investigating, stops elsewhere, and survives a reload. */
export interface InvestigationClock {
  /** Milliseconds spent investigating so far. */
  elapsed(): number;
  /** Starts or stops the clock as the flow enters or leaves the phases where it runs. */
  follow(phase: Phase): void;
  /** Starts again from `elapsedMs` (0 for a new case, the saved time for a restored one). */
  resetTo(elapsedMs: number): void;
}

/**
 * The investigation clock over a monotonic `now`. An outside clock (a game day's round, which its
 * facilitator pauses) replaces it when given.
 */
export function createInvestigationClock(now: () => number, outside?: () => number): InvestigationClock {
  let before = 0;
  let resumedAt: number | undefined;
  return {
    elapsed: () => outside?.() ?? before + (resumedAt === undefined ? 0 : now() - resumedAt),
    follow: (phase) => {
      const runs = CLOCK_RUNS.has(phase);
      if (runs && resumedAt === undefined) resumedAt = now();
      if (!runs && resumedAt !== undefined) {
        before += now() - resumedAt;
        resumedAt = undefined;
      }
    },
    resetTo: (elapsedMs) => {
      before = elapsedMs;
    },
  };
}

/**
 * The incident clock: the page's time plus the time spent on the case plus what each mitigation took,
 * in milliseconds since the epoch. Nothing after it exists yet; before a scenario is open, everything does.
 */
export function incidentNowMs(
  state: Pick<AppState, 'scenario' | 'actions' | 'mitigationCosts'>,
  elapsedMs: number,
): number {
  const { scenario } = state;
  if (!scenario) return Number.POSITIVE_INFINITY;
  return parseTimestamp(scenario.briefing.page.at)! + elapsedMs + responseDelayOf(state);
}

/**
 * The game time the mitigations applied so far added to the incident clock, from the costs the world host
 * answered as each was applied (what an action would cost stays hidden until it is taken).
 */
export function responseDelayOf(state: Pick<AppState, 'actions' | 'mitigationCosts'>): number {
  return responseDelayWith((id) => state.mitigationCosts[id], state.actions);
}
