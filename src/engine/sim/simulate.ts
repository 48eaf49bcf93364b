import type { Scenario } from '../scenario/schema.ts';
import type { World } from '../world/world.ts';
import type { LineWriter } from './lineWriter.ts';
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

/** How much of the window runs between two chances for a line writer's blocks to come in. */
const SETTLE_MS = 10 * 60_000;

/**
 * {@link simulate} with the plain success lines, most of a world's text, written by a line writer (on
 * another thread) while this thread walks the requests and writes everything else. The world is the same,
 * byte for byte.
 *
 * @example
 * const world = await simulateWith(scenario, (s, seed) => localLineWriter(s, seed));
 */
export async function simulateWith(
  scenario: Scenario,
  startWriter: (scenario: Scenario, seed: number) => LineWriter,
  options: SimulateOptions = {},
): Promise<World> {
  const seed = options.seed ?? scenario.seed;
  const writer = startWriter(scenario, seed);
  const run = new Run(scenario, seed, { lineWriter: writer });
  for (let t = run.sys.startMs + SETTLE_MS; t < run.sys.endMs; t += SETTLE_MS) {
    run.advanceTo(t, options.progress);
    await writer.settle?.();
  }
  run.advanceTo(run.sys.endMs, options.progress);
  const world = run.world();
  world.logs.deferOpen();
  world.logs.fillBlocks(await writer.done());
  options.progress?.(1);
  return world;
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
