import { describe, expect, it } from 'vitest';
import type { FinishedPlay, LoadedProgress } from '../../../src/state/progress.ts';
import { loadProgress, PROGRESS_KEY, recordPlay } from '../../../src/state/progress.ts';
import { MemoryStorage } from '../helpers.ts';

describe('recordPlay', () => {
  const cases: { name: string; plays: FinishedPlay[]; expected: Record<string, unknown> }[] = [
    { name: 'nothing played', plays: [], expected: {} },
    {
      name: 'one diagnosed play',
      plays: [{ scenarioId: 'tutorial', total: 72, diagnosed: true }],
      expected: { tutorial: { bestScore: 72, completed: true, plays: 1 } },
    },
    {
      name: 'best score kept, completion sticks',
      plays: [
        { scenarioId: 'tutorial', total: 80, diagnosed: true },
        { scenarioId: 'tutorial', total: 40, diagnosed: false },
      ],
      expected: { tutorial: { bestScore: 80, completed: true, plays: 2 } },
    },
    {
      name: 'scenarios kept apart',
      plays: [
        { scenarioId: 'a', total: 10, diagnosed: false },
        { scenarioId: 'b', total: 90, diagnosed: true },
        { scenarioId: 'a', total: 30, diagnosed: false },
      ],
      expected: {
        a: { bestScore: 30, completed: false, plays: 2 },
        b: { bestScore: 90, completed: true, plays: 1 },
      },
    },
    {
      name: 'best grade kept, a play before grades counted without one',
      plays: [
        { scenarioId: 'tutorial', total: 60, diagnosed: true },
        { scenarioId: 'tutorial', total: 88, grade: 'A', diagnosed: true },
        { scenarioId: 'tutorial', total: 72, grade: 'B', diagnosed: true },
      ],
      expected: { tutorial: { bestScore: 88, completed: true, plays: 3, bestGrade: 'A' } },
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const storage = new MemoryStorage();
      for (const play of c.plays) recordPlay(storage, play, 1);
      expect(loadProgress(storage, 2)).toEqual({ kind: 'ok', progress: c.expected });
    });
});

describe('loadProgress with a record it cannot read', () => {
  const cases: { name: string; raw: string; reason: string }[] = [
    { name: 'not JSON', raw: '{', reason: 'it is not valid JSON' },
    {
      name: 'another version',
      raw: '{"version":9,"scenarios":{}}',
      reason: 'it was written by another version of 2AM (9)',
    },
    {
      name: 'a wrong field',
      raw: '{"version":1,"scenarios":{"t":{"bestScore":"high","completed":true,"plays":1}}}',
      reason: 'scenarios.t.bestScore: Invalid input: expected number, received string',
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const storage = new MemoryStorage();
      storage.setItem(PROGRESS_KEY, c.raw);
      const loaded = loadProgress(storage, 42) as Extract<LoadedProgress, { kind: 'corrupt' }>;
      expect(loaded.kind).toBe('corrupt');
      expect(loaded.reason.startsWith(c.reason)).toBe(true);
      expect(loaded.setAsideKey).toBe(`${PROGRESS_KEY}.corrupt.42`);
      expect(storage.items.get(`${PROGRESS_KEY}.corrupt.42`)).toBe(c.raw);
      expect(storage.items.has(PROGRESS_KEY)).toBe(false);
    });

  it('is set aside before a new play is recorded over it', () => {
    const storage = new MemoryStorage();
    storage.setItem(PROGRESS_KEY, 'garbage');
    const recorded = recordPlay(storage, { scenarioId: 't', total: 5, diagnosed: true }, 7);
    expect(recorded.kind).toBe('corrupt');
    expect([...storage.items.entries()]).toEqual([
      [`${PROGRESS_KEY}.corrupt.7`, 'garbage'],
      [PROGRESS_KEY, '{"version":1,"scenarios":{"t":{"bestScore":5,"completed":true,"plays":1}}}'],
    ]);
  });
});
