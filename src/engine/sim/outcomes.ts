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
  /** Forty to sixty minutes after, when the run went that far. */
  readonly later?: HealthWindow;
}

const harm = (h: HealthWindow) => (h.requests > 0 ? h.affected / h.requests : 0);
const errors = (h: HealthWindow) => (h.requests > 0 ? h.failed / h.requests : 0);

/**
 * Judges what a mitigation did by comparing the ten minutes before it with the ten minutes after it was
 * done, and, when the run went that far, with forty to sixty minutes after: a relief that wears off is
 * `temporary`; fewer 5xx while as many users still suffer is `hidden`.
 */
export function judge(before: HealthWindow, after: HealthWindow, later?: HealthWindow): Outcome {
  const b = harm(before);
  const a = harm(after);
  const floor = 0.005;
  if (a > b * 1.2 + floor) return 'worse';
  const errorsFell = errors(after) <= errors(before) * 0.5 && errors(before) > floor;
  if (errorsFell && a > b * 0.6) return 'hidden';
  const fell = a <= Math.max(b * 0.75, floor) && b > floor;
  if (!fell) return 'no change';
  if (later && later.requests > 0 && harm(later) >= Math.max(b * 0.5, floor * 2)) return 'temporary';
  return a <= Math.max(b * 0.2, floor) ? 'cleared' : 'relieved';
}
