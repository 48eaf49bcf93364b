import { describe, expect, it } from 'vitest';
import { nextRow } from '../../../src/ui/investigation/resultList.ts';

describe('moving through a result list with the keyboard', () => {
  const cases: [key: string, at: number, count: number, to: number | undefined][] = [
    ['ArrowDown', -1, 5, 0],
    ['ArrowDown', 0, 5, 1],
    ['ArrowDown', 4, 5, 4],
    ['ArrowUp', -1, 5, 0],
    ['ArrowUp', 3, 5, 2],
    ['ArrowUp', 0, 5, 0],
    ['Home', 3, 5, 0],
    ['End', 0, 5, 4],
    ['ArrowDown', -1, 0, undefined],
    ['Enter', 2, 5, undefined],
    ['p', 2, 5, undefined],
  ];
  it.each(cases)('%s from row %i of %i goes to %s', (key, at, count, to) => {
    expect(nextRow(key, at, count)).toBe(to);
  });
});
