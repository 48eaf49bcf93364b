import type { Scenario } from '../schema.ts';
import type { LintFinding } from './types.ts';

/** A brisk investigator's minutes per reference step: read the result, decide, write the next query. */
const FASTEST_PER_STEP = 2;
/** A careful one's, and the minutes every play adds for the diagnosis, the chain and the fix. */
const SLOWEST_PER_STEP = 5;
const CLOSING_MINUTES = 10;

/**
 * The minutes a scenario of each difficulty is expected to take, as the library tells a trainee choosing
 * one: an intro is a short first play, an expert one a long night.
 */
export const MINUTES_BY_DIFFICULTY: Readonly<Record<Scenario['difficulty'], readonly [number, number]>> = {
  intro: [5, 15],
  standard: [10, 35],
  hard: [20, 50],
  expert: [30, 90],
};

/**
 * Whether `estimatedMinutes`, which the library shows before play, fits the reference path (two to five
 * minutes a step, with ten for the diagnosis and the fix) and the scenario's difficulty. The inbox step
 * is reading the page, which every play starts with, so it is not counted.
 */
export function estimateFindings(scenario: Scenario): LintFinding[] {
  const minutes = scenario.estimatedMinutes;
  const steps = scenario.solution.path.filter((s) => s.tool !== 'inbox').length;
  const out: LintFinding[] = [];
  const warn = (message: string): void => {
    out.push({ rule: 'estimate', severity: 'warning', path: ['estimatedMinutes'], message });
  };
  if (steps > 0 && minutes < steps * FASTEST_PER_STEP)
    warn(
      `estimatedMinutes is ${minutes}, but the reference path's ${steps} steps take at least ${steps * FASTEST_PER_STEP} minutes at ${FASTEST_PER_STEP} a step: raise it`,
    );
  const slowest = steps * SLOWEST_PER_STEP + CLOSING_MINUTES;
  if (steps > 0 && minutes > slowest)
    warn(
      `estimatedMinutes is ${minutes}, but the reference path's ${steps} steps take at most ${slowest} minutes (${SLOWEST_PER_STEP} a step and ${CLOSING_MINUTES} to diagnose and fix): lower it, or add the steps the path is missing`,
    );
  const [low, high] = MINUTES_BY_DIFFICULTY[scenario.difficulty];
  if (minutes < low || minutes > high) {
    const fits = (Object.entries(MINUTES_BY_DIFFICULTY) as [string, readonly [number, number]][])
      .filter(([, [l, h]]) => minutes >= l && minutes <= h)
      .map(([d]) => `"${d}"`);
    warn(
      `${/^[aeiou]/.test(scenario.difficulty) ? 'an' : 'a'} ${scenario.difficulty} scenario takes ${low}–${high} minutes; ${minutes} reads as ${fits.join(' or ') || 'none of the difficulties'}: change estimatedMinutes or difficulty`,
    );
  }
  return out;
}
