import { describe, expect, it } from 'vitest';
import type { Grade } from '../../../src/engine/scoring/grade.ts';
import { betterGrade, gradeOf } from '../../../src/engine/scoring/grade.ts';

describe('the grade beside the score', () => {
  it.each([
    [100, 0, 'S'],
    [95, 0, 'S'],
    [95, 1, 'A'],
    [94, 0, 'A'],
    [85, 0, 'A'],
    [84, 0, 'B'],
    [70, 2, 'B'],
    [69, 0, 'C'],
    [50, 0, 'C'],
    [49, 0, 'D'],
    [0, 0, 'D'],
  ] as const)('grades a total of %d with %d hints bought %s', (total, hints, grade) => {
    expect(gradeOf(total, hints)).toBe(grade);
  });

  it.each([
    ['S', 'A', true],
    ['A', 'S', false],
    ['C', 'C', false],
    ['B', 'D', true],
  ] as const)('says whether %s is better than %s', (a: Grade, b: Grade, better) => {
    expect(betterGrade(a, b)).toBe(better);
  });
});
