import { describe, expect, it } from 'vitest';
import { EMPTY_INVESTIGATION } from '../../../src/engine/investigation/notebook.ts';
import { playerView } from '../../../src/engine/scenario/playerView.ts';
import { score } from '../../../src/engine/scoring/score.ts';
import type { Phase } from '../../../src/flow/investigationMachine.ts';
import { loadHistory } from '../../../src/state/history.ts';
import { loadProgress } from '../../../src/state/progress.ts';
import { recordProgressOnDebrief } from '../../../src/state/recordProgress.ts';
import { createAppStore } from '../../../src/state/store.ts';
import { builtinScenario, MemoryStorage } from '../helpers.ts';

const tutorial = builtinScenario('tutorial.yaml');

describe('recordProgressOnDebrief', () => {
  const cases: { name: string; phases: Phase[]; plays: number }[] = [
    {
      name: 'a play that reaches the debrief',
      phases: ['briefing', 'investigating', 'diagnosing', 'debrief'],
      plays: 1,
    },
    { name: 'a debrief restored from the menu after a reload', phases: ['menu', 'debrief'], plays: 0 },
    { name: 'a play abandoned before the debrief', phases: ['briefing', 'investigating', 'menu'], plays: 0 },
  ];
  for (const c of cases)
    it(c.name, () => {
      const storage = new MemoryStorage();
      const store = createAppStore();
      recordProgressOnDebrief(store, storage, () => 5);
      const flow = { actions: [], notebook: EMPTY_INVESTIGATION, hintDue: false };
      store.getState().followFlow({ ...flow, phase: 'menu' });
      store.getState().worldOpened(playerView(tutorial), { logLines: 0, instances: {} });
      store.getState().scenarioRevealed(tutorial);
      for (const phase of c.phases) store.getState().followFlow({ ...flow, phase });
      // The debrief settles the score; a play that never reached it has none to record.
      store.getState().settleScore();
      const progress = loadProgress(storage, 6);
      expect(progress).toEqual({
        kind: 'ok',
        progress:
          c.plays === 0
            ? {}
            : {
                tutorial: {
                  bestScore: score(tutorial, []).total,
                  completed: false,
                  plays: c.plays,
                  bestGrade: 'D',
                },
              },
      });
      // The profile's history gets the same play, with the family of the root cause learned at the debrief.
      expect(loadHistory(storage, 6)).toEqual({
        kind: 'ok',
        plays:
          c.plays === 0
            ? []
            : [
                {
                  scenarioId: 'tutorial',
                  at: 5,
                  total: score(tutorial, []).total,
                  solved: false,
                  family: 'change',
                  tools: [],
                },
              ],
      });
      expect(store.getState().history).toHaveLength(c.plays);
    });
});
