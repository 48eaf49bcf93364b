import type { Scenario } from '../scenario/schema.ts';
import type { World } from '../world/world.ts';
import { Run } from './run.ts';

/** Options for a run. The seed defaults to the scenario's own. */
export interface SimulateOptions {
  readonly seed?: number;
  /** Called now and then with the share of the window generated so far (0..1). */
  readonly progress?: (fraction: number) => void;
}

/**
 * Runs the scenario's system over its window and returns the world it produced: logs, metrics and traces
 * from one request model, so callers' errors and callees' errors agree. Deterministic for a scenario and
 * seed.
 *
 * @example
 * const world = simulate(scenario, { seed: 7, progress: (f) => bar.set(f) });
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): World {
  const run = createRun(scenario, options.seed ?? scenario.seed);
  run.advanceTo(run.sys.endMs, options.progress);
  options.progress?.(1);
  return run.world();
}

/**
 * Starts a run that can be advanced in steps (`run.advanceTo(t)`), checkpointed (`run.checkpoint()`) and
 * turned into a world at any point (`run.world()`); advancing in steps gives the same telemetry as one go.
 */
export function createRun(scenario: Scenario, seed: number = scenario.seed): Run {
  return new Run(scenario, seed);
}

export type { Checkpoint } from './run.ts';
export { Run } from './run.ts';
