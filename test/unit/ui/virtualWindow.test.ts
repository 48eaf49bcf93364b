import { describe, expect, it } from 'vitest';
import { scrollToRow, virtualWindow } from '../../../src/ui/logs/virtualWindow.ts';

describe('virtualWindow', () => {
  it.each([
    // scrollTop, viewport, rowHeight, count, overscan → window
    [0, 260, 26, 0, 8, { start: 0, end: 0, offset: 0, total: 0 }],
    [0, 260, 26, 5, 8, { start: 0, end: 5, offset: 0, total: 130 }],
    [0, 260, 26, 100_000, 8, { start: 0, end: 18, offset: 0, total: 2_600_000 }],
    [26_000, 260, 26, 100_000, 8, { start: 992, end: 1018, offset: 25_792, total: 2_600_000 }],
    // Scrolled past the end (the list shrank): clamp to the last screenful.
    [9_999_999, 260, 26, 100_000, 0, { start: 99_990, end: 100_000, offset: 2_599_740, total: 2_600_000 }],
  ])('top %i, viewport %i, row %i, %i rows', (top, viewport, row, count, overscan, want) =>
    expect(virtualWindow(top, viewport, row, count, overscan)).toEqual(want),
  );
});

describe('scrollToRow', () => {
  it.each([
    [0, 0, 260, 26, 0],
    [20, 0, 260, 26, 286],
    [5, 260, 260, 26, 130],
    [12, 100, 260, 26, 100],
  ])('row %i from %i', (index, top, viewport, row, want) =>
    expect(scrollToRow(index, top, viewport, row)).toBe(want),
  );
});
