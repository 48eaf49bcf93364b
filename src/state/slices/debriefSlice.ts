import type { Grade } from '../../engine/scoring/grade.ts';
import { gradeOfReport } from '../../engine/scoring/grade.ts';
import type { ScoreReport } from '../../engine/scoring/score.ts';
import type { Replay } from '../../engine/views/replay.ts';
import type { DailyIncident, DailyResult } from '../daily.ts';
import { scoreOf } from '../scoreOf.ts';
import type { SliceOf } from '../store.ts';

/** The debrief: the play's score and grade, settled once the play is over, and the incident's replay. */
export interface DebriefSlice {
  /** The one score of the play; the debrief, the saved progress and a game day's views agree with it. */
  readonly report: ScoreReport | undefined;
  /** The day's incident when the play under way is it, for the share card at its debrief. */
  readonly daily: DailyIncident | undefined;
  /** The result that stands for the day (its first play's), once a daily play reached the debrief. */
  readonly dailyResult: DailyResult | undefined;
  /** The play under way is the day's incident (or, with undefined, is not). */
  playingDaily(incident: DailyIncident | undefined): void;
  dailyRecorded(result: DailyResult): void;
  /** The letter beside the score, from the same report. */
  readonly grade: Grade | undefined;
  /** The incident played back from its telemetry, for the debrief's map; none where the host has none. */
  readonly replay: Replay | undefined;
  /** Whether the world host has answered for the replay (a game day's host has none to give). */
  readonly replayAsked: boolean;
  /** The replay's frame the map shows now. */
  readonly replayFrame: number;
  /** Scores the play as the store holds it now (see `scoreOf`), and grades it. */
  settleScore(): void;
  /** The world host played the incident back. */
  replayArrived(replay: Replay | undefined): void;
  /** Shows frame `index` of the replay (clipped to the frames there are). */
  showReplayFrame(index: number): void;
}

export const createDebriefSlice: SliceOf<DebriefSlice> = (set, get) => ({
  report: undefined,
  daily: undefined,
  dailyResult: undefined,
  playingDaily: (daily) => set({ daily, dailyResult: undefined }),
  dailyRecorded: (dailyResult) => set({ dailyResult }),
  grade: undefined,
  replay: undefined,
  replayAsked: false,
  replayFrame: 0,
  settleScore: () => {
    const report = scoreOf(get());
    set({ report, grade: report ? gradeOfReport(report) : undefined });
  },
  replayArrived: (replay) => set({ replay, replayAsked: true, replayFrame: 0 }),
  showReplayFrame: (index) => {
    const last = (get().replay?.frames.length ?? 1) - 1;
    set({ replayFrame: Math.max(0, Math.min(last, Math.round(index))) });
  },
});
