import { describe, expect, it } from 'vitest';
import type { FaultFamily } from '../../../src/engine/scenario/trainsSchema.ts';
import type { PlayRecord } from '../../../src/state/history.ts';
import { HISTORY_KEEP, HISTORY_KEY, loadHistory, recordHistory } from '../../../src/state/history.ts';
import { offerFor, profileOf } from '../../../src/state/profile.ts';
import type { ScenarioCard } from '../../../src/state/store.ts';
import { MemoryStorage } from '../helpers.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 15);
const play = (over: Partial<PlayRecord>): PlayRecord => ({
  scenarioId: 's',
  at: NOW,
  total: 70,
  solved: true,
  family: 'change',
  tools: ['logs'],
  ...over,
});

describe('profileOf', () => {
  it('starts shadowing, with no streak and every family unsolved', () => {
    const p = profileOf([], NOW);
    expect(p).toMatchObject({ plays: 0, solved: 0, rank: 'Shadowing', streak: { current: 0, best: 0 } });
    expect(p.next).toEqual({ title: 'Second on call', solved: 1, families: 1 });
    expect(p.neverSolved).toEqual(['resources', 'network', 'change', 'time-and-trust', 'load', 'data']);
  });

  const ranks: { name: string; plays: PlayRecord[]; rank: string }[] = [
    { name: 'one solve', plays: [play({})], rank: 'Second on call' },
    {
      name: 'three solves of one family stay below On call',
      plays: [play({}), play({}), play({})],
      rank: 'Second on call',
    },
    {
      name: 'three solves over two families',
      plays: [play({}), play({}), play({ family: 'network' })],
      rank: 'On call',
    },
    {
      name: 'unsolved plays do not count',
      plays: [play({ solved: false }), play({ solved: false, family: 'network' }), play({ solved: false })],
      rank: 'Shadowing',
    },
  ];
  for (const c of ranks)
    it(`ranks ${c.name}`, () => {
      expect(profileOf(c.plays, NOW).rank).toBe(c.rank);
    });

  const streaks: { name: string; days: number[]; current: number; best: number }[] = [
    { name: 'today only', days: [0], current: 1, best: 1 },
    { name: 'yesterday and the day before, none today yet', days: [-1, -2], current: 2, best: 2 },
    { name: 'a gap breaks the run', days: [0, -2, -3, -4], current: 1, best: 3 },
    { name: 'nothing since the day before yesterday', days: [-2, -3], current: 0, best: 2 },
    { name: 'two plays on one day count once', days: [0, 0, -1], current: 2, best: 2 },
  ];
  for (const c of streaks)
    it(`counts the streak: ${c.name}`, () => {
      const p = profileOf(
        c.days.map((d) => play({ at: NOW + d * DAY })),
        NOW,
      );
      expect(p.streak).toEqual({ current: c.current, best: c.best });
    });

  it('counts families by the root cause of each play and tools by what was asked', () => {
    const p = profileOf(
      [
        play({ family: 'network', solved: false, tools: ['logs', 'metrics'] }),
        play({ family: 'network', tools: ['metrics', 'traces'] }),
        play({ family: undefined, solved: false, tools: [] }),
      ],
      NOW,
    );
    expect(p.families.find((f) => f.family === 'network')).toEqual({
      family: 'network',
      plays: 2,
      solved: 1,
    });
    expect(p.tools).toEqual([
      { tool: 'logs', plays: 1 },
      { tool: 'metrics', plays: 2 },
      { tool: 'traces', plays: 1 },
      { tool: 'code', plays: 0 },
      { tool: 'changes', plays: 0 },
    ]);
    expect(p.neverSolved).not.toContain('network');
  });
});

describe('offerFor', () => {
  const card = (id: string, families: FaultFamily[]): ScenarioCard => ({
    id,
    title: id,
    difficulty: 'standard',
    summary: '',
    estimatedMinutes: 20,
    tags: [],
    trains: { system: 'shop', families, tools: ['logs'] },
  });
  const cards = [
    card('a', ['change', 'network']),
    card('b', ['resources', 'load']),
    card('c', ['resources', 'data']),
  ];

  it('offers the first uncompleted scenario that trains the first family never solved', () => {
    const p = profileOf([play({ family: 'resources' })], NOW);
    // resources is solved; network is the first never solved, and only card a trains it.
    expect(offerFor(p, cards, () => false)).toEqual({ family: 'network', card: cards[0] });
    // With a completed, no card trains network, so the next family, load, is offered with b.
    expect(offerFor(p, cards, (id) => id === 'a')).toEqual({ family: 'load', card: cards[1] });
  });

  it('offers nothing when every scenario that would help is completed', () => {
    expect(offerFor(profileOf([], NOW), cards, () => true)).toBeUndefined();
  });
});

describe('the history of plays', () => {
  it('appends plays and keeps the latest few hundred', () => {
    const storage = new MemoryStorage();
    for (let i = 0; i < HISTORY_KEEP + 2; i++) recordHistory(storage, play({ total: i % 101 }), i);
    const loaded = loadHistory(storage, 0);
    expect(loaded.kind).toBe('ok');
    expect(loaded.plays).toHaveLength(HISTORY_KEEP);
    expect(loaded.plays[0]!.total).toBe(2);
  });

  it('sets an unreadable history aside before recording over it', () => {
    const storage = new MemoryStorage();
    storage.setItem(HISTORY_KEY, '{"version":1,"plays":[{"scenarioId":3}]}');
    const recorded = recordHistory(storage, play({}), 9);
    expect(recorded.kind).toBe('corrupt');
    expect(storage.items.get(`${HISTORY_KEY}.corrupt.9`)).toBe('{"version":1,"plays":[{"scenarioId":3}]}');
    expect(loadHistory(storage, 10)).toEqual({ kind: 'ok', plays: [play({})] });
  });
});
