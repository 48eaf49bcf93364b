import type { MitigationEffect } from '../../engine/sim/response/outcomes.ts';
import type { Replay } from '../../engine/views/replay.ts';
import type { AppStore } from '../store.ts';

/** The replay goes on this long past the last mitigation, so what it did shows on the map. */
const AFTER_LAST_ACTION_MS = 10 * 60_000;

/**
 * Scores the play once it reaches the debrief and its world is open: what each mitigation did is judged
 * first (the world goes on far enough to tell), then the store settles the one score every view reads.
 * The incident is then played back for the debrief's map, up to the clock's now or a while past the last
 * mitigation, whichever is later.
 */
export function settleScoreOnDebrief(
  store: AppStore,
  judge: () => Promise<readonly MitigationEffect[]>,
  replay: (toMs: number) => Promise<Replay | undefined>,
  nowMs: () => number,
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
    const lastDone = Math.max(0, ...effects.map((e) => e.doneMs + AFTER_LAST_ACTION_MS));
    const played = await replay(Math.max(nowMs(), lastDone)).catch(() => undefined);
    if (store.getState().revealed === scenario) store.getState().replayArrived(played);
  };
  return store.subscribe(
    (s) => `${s.phase} ${s.world.state}`,
    () => void settle(),
    { fireImmediately: true },
  );
}
