import type { MitigationEffect } from '../../engine/sim/response/outcomes.ts';
import type { Replay } from '../../engine/views/replay.ts';
import type { AppStore } from '../store.ts';

/** The replay goes on this long past the last mitigation, so what it did shows on the map. */
const AFTER_LAST_ACTION_MS = 10 * 60_000;

/**
 * Scores the play once it reaches the debrief and its world is open: what each mitigation did is judged
 * first (the world goes on far enough to tell), then the store settles the one score every view reads.
 * The incident is then played back for the debrief's map, up to the clock's now or a while past the last
 * mitigation, whichever is later. A play that reaches its debrief before the answer (a game day's, whose
 * answer waits for the end of the round) is settled when the answer arrives.
 */
export function settleScoreOnDebrief(
  store: AppStore,
  judge: () => Promise<readonly MitigationEffect[]>,
  replay: (toMs: number) => Promise<Replay | undefined>,
  nowMs: () => number,
): () => void {
  let judging = false;
  const settle = async (): Promise<void> => {
    const state = store.getState();
    if (state.phase !== 'debrief' || state.world.state !== 'ready' || state.report || judging) return;
    judging = true;
    const scenario = state.revealed;
    // A world that cannot judge leaves the score without the cost of a mitigation that made things worse.
    const effects = await judge().catch(() => []);
    judging = false;
    const now = store.getState();
    if (now.phase !== 'debrief' || now.report) return;
    // The answer arrived while this judged (a game day's round ended, or a reload asked for it again):
    // judge again, with it.
    if (now.revealed !== scenario) return settle();
    now.responseJudged(effects);
    now.settleScore();
    // No answer yet (a game day's comes when the round ends): there is nothing to play back until it does.
    if (!store.getState().report) return;
    const lastDone = Math.max(0, ...effects.map((e) => e.doneMs + AFTER_LAST_ACTION_MS));
    const played = await replay(Math.max(nowMs(), lastDone)).catch(() => undefined);
    if (store.getState().revealed === scenario) store.getState().replayArrived(played);
  };
  return store.subscribe(
    (s) => `${s.phase} ${s.world.state} ${s.revealed ? 'answered' : 'unanswered'}`,
    () => void settle(),
    { fireImmediately: true },
  );
}
