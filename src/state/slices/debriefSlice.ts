import type { ScoreReport } from '../../engine/scoring/score.ts';
import type { DailyIncident, DailyResult } from '../daily.ts';
import { scoreOf } from '../scoreOf.ts';
import type { SliceOf } from '../store.ts';

/** The debrief: the play's score, settled once the play is over and its response judged. */
export interface DebriefSlice {
  /** The one score of the play; the debrief, the saved progress and a game day's views agree with it. */
  readonly report: ScoreReport | undefined;
  /** The day's incident when the play under way is it, for the share card at its debrief. */
  readonly daily: DailyIncident | undefined;
  /** The result that stands for the day (its first play's), once a daily play reached the debrief. */
  readonly dailyResult: DailyResult | undefined;
  /** Scores the play as the store holds it now (see `scoreOf`). */
  settleScore(): void;
  /** The play under way is the day's incident (or, with undefined, is not). */
  playingDaily(incident: DailyIncident | undefined): void;
  dailyRecorded(result: DailyResult): void;
}

export const createDebriefSlice: SliceOf<DebriefSlice> = (set, get) => ({
  report: undefined,
  daily: undefined,
  dailyResult: undefined,
  settleScore: () => set({ report: scoreOf(get()) }),
  playingDaily: (daily) => set({ daily, dailyResult: undefined }),
  dailyRecorded: (dailyResult) => set({ dailyResult }),
});
