import type { HealthWindow } from './health.ts';

/** What a mitigation did to the users' experience, judged from the simulation's ground truth. */
export type Outcome = 'cleared' | 'relieved' | 'temporary' | 'no change' | 'hidden' | 'worse';

/** What the debrief and the score say about each outcome. */
export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  cleared: 'cleared the symptoms',
  relieved: 'relieved the symptoms',
  temporary: 'relieved them for a while; they came back',
  'no change': 'changed nothing users would notice',
  hidden: 'hid the errors from the 5xx dashboards while users still failed',
  worse: 'made things worse',
};

/** One mitigation and what followed it. */
export interface MitigationEffect {
  readonly mitigation: string;
  readonly atMs: number;
  /** When the action was complete (the rollout done, the route switched). */
  readonly doneMs: number;
  readonly outcome: Outcome;
  /** The ten minutes before the action. */
  readonly before: HealthWindow;
  /** The ten minutes after it was done. */
  readonly after: HealthWindow;
  /** The same ten minutes had the action not been taken (everything else as played). */
  readonly without: HealthWindow;
  /** Forty to sixty minutes after, with and without it, when the world went that far. */
  readonly later?: { readonly with: HealthWindow; readonly without: HealthWindow };
  /**
   * What it did to lasting damage, when there is some: deleted data that stays deleted after the deletions
   * stop, or how much of it a restore brought back.
   */
  readonly damage?: string;
}

/** A share of requests, or 0 for an empty window. */
const share = (n: number, h: HealthWindow) => (h.requests > 0 ? n / h.requests : 0);
/** Requests a fault hurt (failed, slowed, wrong), apart from those turned away at the edge. */
const faultHarm = (h: HealthWindow) => share(h.affected - h.rejected, h);
const harm = (h: HealthWindow) => share(h.affected, h);
const errors = (h: HealthWindow) => share(h.failed, h);
/** Fewer requests than this in a window are noise, not a symptom. */
const NOISE = 5;

/**
 * Judges what a mitigation did by comparing how users fared once it was done with how they would have
 * fared in the same minutes without it (the run without the action, everything else as played), so an
 * earlier action still in force is not credited to a later one:
 * - `worse`: more requests went wrong (counting those turned away) than without it;
 * - `cleared`: what the faults did is (nearly) gone, and no one is newly turned away;
 * - `hidden`: the 5xx fell by half or more while about as many users still suffered, turned away instead;
 * - `relieved`: a quarter or more of what went wrong is spared;
 * - `temporary`: cleared or relieved, but forty to sixty minutes later it is back: after clearing, half of
 *   what the faults did is back; after a relief, it spares less than half of what it spared at first (a
 *   steady relief of a third is a relief, not a temporary one).
 */
export function judge(
  without: HealthWindow,
  withIt: HealthWindow,
  later?: { readonly with: HealthWindow; readonly without: HealthWindow },
): Outcome {
  const now = judgeWindow(without, withIt);
  if (!later || later.with.requests === 0) return now;
  if (now === 'cleared' || now === 'relieved') {
    const noise = NOISE / later.with.requests;
    const spared = (w: HealthWindow, a: HealthWindow) =>
      faultHarm(w) > 0 ? 1 - faultHarm(a) / faultHarm(w) : 1;
    const back =
      faultHarm(later.with) >= noise * 2 &&
      (now === 'cleared'
        ? faultHarm(later.with) >= faultHarm(later.without) * 0.5
        : spared(later.without, later.with) < spared(without, withIt) / 2);
    return back ? 'temporary' : now;
  }
  // Harm that comes and goes (pods killed now and then) may show only later: what the action spared then.
  if (now === 'no change') {
    const then = judgeWindow(later.without, later.with);
    if (then === 'cleared' || then === 'relieved' || then === 'worse') return then;
  }
  return now;
}

/** The verdict over one stretch of time, with and without the action. */
function judgeWindow(without: HealthWindow, withIt: HealthWindow): Outcome {
  const w = harm(without);
  const a = harm(withIt);
  const noise = (h: HealthWindow) => (h.requests > 0 ? NOISE / h.requests : 1);
  // Worse means more users noticed: a fifth more of them, and at least half a percent of all requests.
  if (a > w * 1.2 && a - w > 0.005 && withIt.affected - without.affected > 2 * NOISE) return 'worse';
  const hurt = without.affected - without.rejected > NOISE;
  // Runs with and without an action draw different requests: a limit in force in both turns away a
  // share that varies by a few percent from one to the other, which is not a new rejection.
  const newlyRejected =
    share(withIt.rejected, withIt) > share(without.rejected, without) * 1.15 + 2 * noise(withIt);
  const cleared =
    hurt && !newlyRejected && faultHarm(withIt) <= Math.max(faultHarm(without) * 0.2, noise(withIt));
  const errorsFell = errors(withIt) <= errors(without) * 0.5 && without.failed > NOISE;
  if (!cleared && newlyRejected && errorsFell && a > w * 0.6) return 'hidden';
  const relieved = without.affected > NOISE && a <= w * 0.75;
  if (cleared) return 'cleared';
  return relieved ? 'relieved' : 'no change';
}
