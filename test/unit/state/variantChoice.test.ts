import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { answerKey, variantsByAnswer } from '../../../src/engine/scenario/variantAnswer.ts';
import { createVariantChoice, pickVariant } from '../../../src/state/play/variantChoice.ts';
import type { KeyValueStorage } from '../../../src/state/save.ts';
import { VARIANTS_OFFERED } from '../../../src/worker/worldHost.ts';
import { scenarioText } from '../helpers.ts';

// Variants 0-5 of a scenario in three answers: as written (0, 3), another culprit (1, 4), another slice (2, 5).
const groups = [
  [0, 3],
  [1, 4],
  [2, 5],
];

describe('pickVariant', () => {
  it.each([
    ['a first play is the file as written', [], 0],
    ['then an answer not met yet', [0], 1],
    ['then the last answer not met', [0, 1], 2],
    ['an answer met through another variant counts as met', [3, 4], 2],
    ['every answer met: an unplayed variant of the answer met least', [0, 1, 2, 4], 3],
    ['every variant played: the next one past them', [0, 1, 2, 3, 4, 5], 6],
  ])('%s', (_what, played, expected) => {
    expect(pickVariant(groups, played)).toBe(expected);
  });

  it('falls back to the next variant when the host cannot tell answers apart', () => {
    expect(pickVariant([], [0, 1])).toBe(2);
  });
});

describe('a solo player coming back to a built-in scenario', () => {
  it.each(['catalog-restarts', 'misleading-dashboard', 'undocumented-dependency'])(
    'meets a new answer of %s on each of the first three plays',
    async (id) => {
      const file = `scenarios/${id}.yaml`;
      const text = scenarioText(`${id}.yaml`);
      const groups = variantsByAnswer(text, file, VARIANTS_OFFERED);
      const items = new Map<string, string>();
      const storage: KeyValueStorage = {
        getItem: (k) => items.get(k) ?? null,
        setItem: (k, v) => void items.set(k, v),
        removeItem: (k) => void items.delete(k),
      };
      const answers: string[] = [];
      for (let play = 0; play < 3; play++) {
        // A new page load each time: only the storage carries what was played.
        const choice = createVariantChoice(
          storage,
          () => 0,
          async () => groups,
        );
        const variant = await choice.of(id);
        answers.push(answerKey(loadScenario(text, file, { variant }).scenario!));
      }
      expect(new Set(answers).size).toBe(3);
    },
  );
});
