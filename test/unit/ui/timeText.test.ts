import { describe, expect, it } from 'vitest';
import { axisLabels, daysMatter, dayText, momentText, timeTicks } from '../../../src/ui/shell/timeText.ts';

const at = (day: number, hour: number, minute = 0, second = 0) =>
  Date.UTC(2026, 9, day, hour, minute, second);
const HOUR = 3_600_000;

describe('the days of a window', () => {
  it.each([
    ['2026-10-25T01:00:00Z', '2026-10-25T02:30:00Z', false],
    ['2026-10-24T22:00:00Z', '2026-10-25T04:00:00Z', false],
    ['2026-10-24T02:30:00Z', '2026-10-25T02:30:00Z', true],
    ['2026-10-22T02:30:00Z', '2026-10-25T02:30:00Z', true],
  ])('%s to %s: the date matters %s', (start, end, want) => {
    expect(daysMatter({ start, end })).toBe(want);
  });

  it('writes a moment with its date only when the days matter', () => {
    expect(momentText(at(24, 2, 4, 59), false)).toBe('02:04:59');
    expect(momentText(at(24, 2, 4, 59), true)).toBe('Oct 24 02:04:59');
    expect(dayText(Date.UTC(2026, 0, 3, 23, 59))).toBe('Jan 3');
  });
});

describe('axisLabels', () => {
  it.each([
    {
      what: 'ticks within one day read as times alone',
      ticks: [at(25, 1), at(25, 1, 30), at(25, 2)],
      increment: HOUR / 2,
      want: [{ time: '01:00' }, { time: '01:30' }, { time: '02:00' }],
    },
    {
      what: 'ticks across midnight date the first tick and the first of the new day',
      ticks: [at(24, 22), at(25, 0), at(25, 2)],
      increment: 2 * HOUR,
      want: [{ time: '22:00', day: 'Oct 24' }, { time: '00:00', day: 'Oct 25' }, { time: '02:00' }],
    },
    {
      what: 'ticks a day apart read as dates',
      ticks: [at(23, 0), at(24, 0), at(25, 0)],
      increment: 24 * HOUR,
      want: [{ time: 'Oct 23' }, { time: 'Oct 24' }, { time: 'Oct 25' }],
    },
    {
      what: 'ticks under a minute apart keep their seconds',
      ticks: [at(25, 1, 0, 0), at(25, 1, 0, 30)],
      increment: 30_000,
      want: [{ time: '01:00:00' }, { time: '01:00:30' }],
    },
    { what: 'no ticks, no labels', ticks: [], increment: HOUR, want: [] },
  ])('$what', ({ ticks, increment, want }) => {
    expect(axisLabels(ticks, increment)).toEqual(want);
  });
});

describe('timeTicks', () => {
  it.each([
    {
      what: 'three days in at most three ticks fall on midnights',
      start: at(22, 2, 30),
      end: at(25, 2, 5),
      most: 3,
      want: { stepMs: 24 * HOUR, ticks: [at(23, 0), at(24, 0), at(25, 0)] },
    },
    {
      what: 'three days in at most six ticks fall on midnights and noons',
      start: at(22, 2, 30),
      end: at(25, 2, 5),
      most: 6,
      want: {
        stepMs: 12 * HOUR,
        ticks: [at(22, 12), at(23, 0), at(23, 12), at(24, 0), at(24, 12), at(25, 0)],
      },
    },
    {
      what: 'ninety minutes fall on the quarter hour',
      start: at(25, 1),
      end: at(25, 2, 30),
      most: 6,
      want: {
        stepMs: 15 * 60_000,
        ticks: [at(25, 1), at(25, 1, 15), at(25, 1, 30), at(25, 1, 45), at(25, 2), at(25, 2, 15)],
      },
    },
  ])('$what', ({ start, end, most, want }) => {
    expect(timeTicks(start, end, most)).toEqual(want);
  });
});
