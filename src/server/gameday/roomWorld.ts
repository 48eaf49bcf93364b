import type { Scenario } from '../../engine/scenario/schema.ts';
import type { Run } from '../../engine/sim/run.ts';
import { createRun } from '../../engine/sim/simulate.ts';
import type { World } from '../../engine/world/world.ts';
import type { QuerySource } from '../querySource.ts';
import { sourceOfWorld } from '../querySource.ts';

/** How far past its window a round's world goes when the round clock runs on, as the players' worlds do. */
const EXTEND_MS = 4 * 3_600_000;

/**
 * A round's world as the room's Prometheus and Loki APIs serve it: generated up to the round clock's now
 * and no further, so a query about a later time (a dashboard's default range, a curl with any `end`, an
 * `@` modifier) finds no sample the trainees' own tools could not show yet.
 */
export class RoomWorld {
  private readonly run: Run;
  private world: World | undefined;

  /**
   * @param nowMs the round's now on the incident clock, read at each request
   * @param offsetMs how far the served clock runs ahead of the world's, given that now
   */
  constructor(
    scenario: Scenario,
    variant: number,
    private readonly nowMs: () => number,
    private readonly offsetMs: (nowMs: number) => number,
  ) {
    this.run = createRun(scenario, variant === 0 ? scenario.seed : variant);
  }

  /** The query source at the round clock's now: the world so far, its now, and the served clock's offset. */
  source(): QuerySource {
    const now = this.nowMs();
    const run = this.run;
    const target = Math.min(now, run.sys.endMs + EXTEND_MS);
    if (target > run.horizonMs) run.extendTo(target);
    const before = run.tick;
    run.advanceTo(target);
    if (!this.world || run.tick !== before) this.world = run.world();
    return { ...sourceOfWorld(this.world, this.offsetMs(now)), nowMs: now };
  }
}
