import type { MitigationEffect } from '../../engine/sim/response/outcomes.ts';
import type { AppStore } from '../store.ts';

/**
 * Scores the play once it reaches the debrief and its world is open: what each mitigation did is judged
 * first (the world goes on far enough to tell), then the store settles the one score every view reads.
 */
export function settleScoreOnDebrief(
  store: AppStore,
  judge: () => Promise<readonly MitigationEffect[]>,
): () => void {
  let judging = false;
  const settle = async () => {
    const state = store.getState();
    if (state.phase !== 'debrief' || state.world.state !== 'ready' || state.report || judging) return;
    judging = true;
    const scenario = state.revealed;
    // A world that cannot judge leaves the score without the cost of a mitigation that made things worse.
    const effects = await judge().catch(() => []);
    judging = false;
    const now = store.getState();
    if (now.phase !== 'debrief' || now.revealed !== scenario || now.report) return;
    now.responseJudged(effects);
    now.settleScore();
  };
  return store.subscribe(
    (s) => `${s.phase} ${s.world.state}`,
    () => void settle(),
    { fireImmediately: true },
  );
}
