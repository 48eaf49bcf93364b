import type { Scenario } from '../scenario/schema.ts';
import type { World } from '../world/world.ts';
import { Run } from './run.ts';
import type { LineWriter } from './telemetry/lineWriter.ts';

/** Options for a run. The seed defaults to the scenario's own. */
export interface SimulateOptions {
  readonly seed?: number;
  /** Called now and then with the share of the window generated so far (0..1). */
  readonly progress?: (fraction: number) => void;
  /**
   * Keep log lines and traces from this time on only; metrics and everything the model does are those of a
   * full run (see `RunOptions.detailFromMs`). For a caller that reads only the later part of a world's text.
   */
  readonly detailFromMs?: number;
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
  const seed = options.seed ?? scenario.seed;
  const run =
    options.detailFromMs === undefined
      ? createRun(scenario, seed)
      : new Run(scenario, seed, { detailFromMs: options.detailFromMs });
  run.advanceTo(run.sys.endMs, options.progress);
  options.progress?.(1);
  const world = run.world();
  keepWarm(run);
  return world;
}

/**
 * The last finished run, released (its world has what it made): V8 throws away the code it compiled for a
 * kind of object once no object of that kind is left, and every kind a run walks with (its model, random
 * streams, span buffer, metric slots) goes with the run. Keeping the last one, small once released, lets
 * a process that makes world after world (a game day's rounds, the bench) start each with compiled code
 * rather than compile the simulation again. The one place the simulation is shaped for V8's compiler:
 * on the bench's standard world (one thread, CPU time, median of 9 runs after each process' first) a
 * run took 2168 ms with it and 2531 ms without, 17% longer.
 */
const warm: { run?: Run } = {};

function keepWarm(run: Run): void {
  run.release();
  warm.run = run;
}

/** How much of the window runs between two chances for a line writer's blocks to come in. */
const SETTLE_MS = 10 * 60_000;
/**
 * Batches a line writer may be behind before the run takes some of its work. Lines written here go to the
 * writer as text, which costs this thread more than writing them saves the writer: only a writer well
 * behind is helped (on two cores, a bench run took about 100 ms longer when help came at two batches).
 */
const BEHIND = 6;

/**
 * {@link simulate} with the log left to a line writer (on another thread): this thread walks the requests
 * and records the log entries, the writer writes the plain success lines (most of a world's text) and keeps
 * the log in order, and the world takes its store over at the end. The world is the same, byte for byte.
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
  const run = new Run(scenario, seed, {
    lineWriter: writer,
    ...(options.detailFromMs === undefined ? {} : { detailFromMs: options.detailFromMs }),
  });
  const recorder = run.recorder!;
  for (let t = run.sys.startMs + SETTLE_MS; t < run.sys.endMs; t += SETTLE_MS) {
    run.advanceTo(t, options.progress);
    recorder.send();
    await writer.settle?.();
    // Batches go as they fill, so a writer that keeps up is a batch or so behind: one further behind has
    // more to do than this thread, which writes the plain lines of the next stretch itself.
    recorder.writeHere = (writer.written?.() ?? recorder.batches) < recorder.batches - BEHIND;
  }
  run.advanceTo(run.sys.endMs, options.progress);
  const world = run.world();
  recorder.send();
  const { parts, blocks } = await writer.done();
  world.logs.adopt(parts, blocks);
  keepWarm(run);
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
