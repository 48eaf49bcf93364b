import { score } from '../engine/scoring/score.ts';
import { progressNotice, recordPlay } from './progress.ts';
import type { KeyValueStorage } from './save.ts';
import type { AppStore } from './store.ts';

const PLAYING = new Set(['investigating', 'diagnosing', 'wrong']);

/**
 * Records a play in the progress when the flow moves from the investigation to the debrief. A debrief
 * restored after a reload comes from the menu, not the investigation, so it is not counted twice.
 * Answers the function that stops recording.
 */
export function recordProgressOnDebrief(
  store: AppStore,
  storage: KeyValueStorage,
  wallClockMs: () => number,
): () => void {
  return store.subscribe(
    (s) => s.phase,
    (phase, previous) => {
      const { scenario, actions } = store.getState();
      if (phase !== 'debrief' || !PLAYING.has(previous) || !scenario) return;
      const diagnosed = actions.some((a) => a.type === 'diagnose');
      const total = score(scenario, actions).total;
      const recorded = recordPlay(storage, { scenarioId: scenario.id, total, diagnosed }, wallClockMs());
      if (recorded.kind === 'corrupt') store.getState().set({ notice: progressNotice(recorded) });
    },
  );
}
