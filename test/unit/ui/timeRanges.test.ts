import { describe, expect, it } from 'vitest';
import { chosenRange, rangeChoices } from '../../../src/ui/shell/timeRanges.ts';

describe('rangeChoices', () => {
  it.each([
    {
      what: 'a window of ninety minutes offers nothing longer than itself',
      window: { start: '2026-10-25T01:00:00Z', end: '2026-10-25T02:30:00Z' },
      shortest: 5,
      want: [0, 5, 15, 30, 60],
    },
    {
      what: 'a window of three days offers the last day and the last two',
      window: { start: '2026-10-22T02:30:00Z', end: '2026-10-25T02:30:00Z' },
      shortest: 15,
      want: [0, 15, 30, 60, 180, 360, 720, 1440, 2880],
    },
    {
      what: 'a window of seven days offers the last seven days',
      window: { start: '2026-10-18T02:30:00Z', end: '2026-10-25T02:30:00Z' },
      shortest: 15,
      want: [0, 15, 30, 60, 180, 360, 720, 1440, 2880, 10_080],
    },
  ])('$what', ({ window, shortest, want }) => {
    expect(rangeChoices(window, shortest).map((r) => r.minutes)).toEqual(want);
  });

  it('names each choice as Grafana does', () => {
    const window = { start: '2026-10-22T02:30:00Z', end: '2026-10-25T02:30:00Z' };
    expect(rangeChoices(window, 720).map((r) => r.label)).toEqual([
      'Whole incident window',
      'Last 12 hours',
      'Last 24 hours',
      'Last 2 days',
    ]);
  });

  it('shows a range the window no longer offers as the whole window, which it covers', () => {
    const choices = rangeChoices({ start: '2026-10-25T01:00:00Z', end: '2026-10-25T02:30:00Z' }, 15);
    expect(chosenRange(choices, 180)).toBe(0);
    expect(chosenRange(choices, 30)).toBe(30);
  });
});
