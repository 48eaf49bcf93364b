import { progressNotice, recordPlay } from './progress.ts';
import type { KeyValueStorage } from './save.ts';
import type { AppStore } from './store.ts';

const PLAYING = new Set(['investigating', 'diagnosing', 'wrong']);

/**
 * Records a play in the progress once the flow has moved from the investigation to the debrief and the
 * play's score has settled, so the total saved is the total the debrief shows. A debrief restored after a
 * reload comes from the menu, not the investigation, so it is not counted twice. Answers the function
 * that stops recording.
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
      const { scenario, actions } = store.getState();
      if (!finished || !report || !scenario) return;
      finished = false;
      const diagnosed = actions.some((a) => a.type === 'diagnose');
      const recorded = recordPlay(
        storage,
        { scenarioId: scenario.id, total: report.total, diagnosed },
        wallClockMs(),
      );
      store.getState().showProgress(recorded.progress);
      if (recorded.kind === 'corrupt') store.getState().notify(progressNotice(recorded));
    },
  );
  return () => {
    stopPhases();
    stopScores();
  };
}
