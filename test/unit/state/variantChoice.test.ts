import { describe, expect, it } from 'vitest';
import { pickVariant } from '../../../src/state/play/variantChoice.ts';

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
