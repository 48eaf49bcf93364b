import type { Action, Tool } from '../engine/investigation/actions.ts';
import { FAULT_FAMILY_OF } from '../engine/scenario/trainsSchema.ts';
import { recordDaily } from './daily.ts';
import { historyNotice, recordHistory } from './history.ts';
import { progressNotice, recordPlay } from './progress.ts';
import type { KeyValueStorage } from './save.ts';
import type { AppStore } from './store.ts';

const PLAYING = new Set(['investigating', 'diagnosing', 'wrong']);

/** The tools the trainee asked something of (not what the page opened for them), in first-use order. */
function toolsAsked(actions: readonly Action[]): Tool[] {
  const tools = new Set<Tool>();
  for (const a of actions) if (a.type === 'query' && !a.browse && !a.rows) tools.add(a.tool);
  return [...tools];
}

/**
 * Records a play in the progress once the flow has moved from the investigation to the debrief and the
 * play's score has settled, so the total saved is the total the debrief shows. A debrief restored after a
 * reload comes from the menu, not the investigation, so it is not counted twice. The play also joins the
 * history the profile reads: its total, whether it was solved, the family of the root cause (known at the
 * debrief) and the tools asked. Answers the function that stops recording.
 */
export function recordProgressOnDebrief(
  store: AppStore,
  storage: KeyValueStorage,
  wallClockMs: () => number,
): () => void {
  let finished = false;
  const stopPhases = store.subscribe(
    (s) => s.phase,
    (phase, previous) => {
      finished = phase === 'debrief' && PLAYING.has(previous);
    },
  );
  const stopScores = store.subscribe(
    (s) => s.report,
    (report) => {
      const { scenario, actions, revealed, grade } = store.getState();
      if (!finished || !report || !scenario) return;
      finished = false;
      const diagnosed = actions.some((a) => a.type === 'diagnose');
      const now = wallClockMs();
      const play = { scenarioId: scenario.id, total: report.total, diagnosed };
      const recorded = recordPlay(storage, grade ? { ...play, grade } : play, now);
      const fault = revealed?.solution.rootCause.fault;
      const history = recordHistory(
        storage,
        {
          scenarioId: scenario.id,
          at: Math.max(0, Math.floor(now)),
          total: Math.round(report.total),
          solved: diagnosed && report.accepted,
          ...(fault ? { family: FAULT_FAMILY_OF[fault] } : {}),
          tools: toolsAsked(actions),
        },
        now,
      );
      store.getState().showProgress(recorded.progress);
      store.getState().showHistory(history.plays);
      const { daily } = store.getState();
      if (daily) {
        const last = report.state.submissions[report.state.submissions.length - 1];
        const result = recordDaily(storage, daily.day, {
          total: Math.round(report.total),
          ...(grade ? { grade } : {}),
          minutes: Math.round((last?.at ?? 0) / 60_000),
          tools: toolsAsked(actions),
          parts: report.parts.map((p) => (p.max > 0 ? Math.min(1, Math.max(0, p.score / p.max)) : 0)),
        });
        store.getState().dailyRecorded(result);
      }
      if (recorded.kind === 'corrupt') store.getState().notify(progressNotice(recorded));
      if (history.kind === 'corrupt') store.getState().notify(historyNotice(history));
    },
  );
  return () => {
    stopPhases();
    stopScores();
  };
}
