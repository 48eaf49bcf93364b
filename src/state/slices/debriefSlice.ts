import type { ScoreReport } from '../../engine/scoring/score.ts';
import { scoreOf } from '../scoreOf.ts';
import type { SliceOf } from '../store.ts';

/** The debrief: the play's score, settled once the play is over and its response judged. */
export interface DebriefSlice {
  /** The one score of the play; the debrief, the saved progress and a game day's views agree with it. */
  readonly report: ScoreReport | undefined;
  /** Scores the play as the store holds it now (see `scoreOf`). */
  settleScore(): void;
}

export const createDebriefSlice: SliceOf<DebriefSlice> = (set, get) => ({
  report: undefined,
  settleScore: () => set({ report: scoreOf(get()) }),
});
