import { describe, expect, it } from 'vitest';
import type { ScenarioCard } from '../../../src/state/store.ts';
import type { LibraryFilter } from '../../../src/ui/library/libraryView.ts';
import { allTags, trainsValues, visibleCards } from '../../../src/ui/library/libraryView.ts';

const card = (id: string, difficulty: string, estimatedMinutes: number, tags: string[]): ScenarioCard => ({
  id,
  title: id,
  difficulty,
  summary: '',
  estimatedMinutes,
  tags,
});

const cards = [
  card('x-expert', 'expert', 40, ['db']),
  card('h-hard', 'hard', 30, ['network', 'tls']),
  card('s-long', 'standard', 25, ['db']),
  card('s-short', 'standard', 15, ['network']),
  card('i-intro', 'intro', 10, []),
];

describe('visibleCards', () => {
  const cases: { name: string; filter: LibraryFilter; ids: string[] }[] = [
    {
      name: 'no filter: intro to expert, shorter first',
      filter: { difficulty: undefined, tag: undefined },
      ids: ['i-intro', 's-short', 's-long', 'h-hard', 'x-expert'],
    },
    { name: 'by difficulty', filter: { difficulty: 'standard', tag: undefined }, ids: ['s-short', 's-long'] },
    { name: 'by tag', filter: { difficulty: undefined, tag: 'db' }, ids: ['s-long', 'x-expert'] },
    { name: 'both', filter: { difficulty: 'hard', tag: 'network' }, ids: ['h-hard'] },
    { name: 'nothing matches', filter: { difficulty: 'intro', tag: 'tls' }, ids: [] },
  ];
  for (const c of cases)
    it(c.name, () => {
      expect(visibleCards(cards, c.filter).map((x) => x.id)).toEqual(c.ids);
    });
});

describe('allTags', () => {
  it('lists each tag once, alphabetically', () => {
    expect(allTags(cards)).toEqual(['db', 'network', 'tls']);
  });
});

describe('filters on what a scenario trains', () => {
  const trained = (id: string, trains: ScenarioCard['trains']): ScenarioCard => ({
    ...card(id, 'standard', 20, []),
    ...(trains ? { trains } : {}),
  });
  const shelf = [
    trained('a-pipeline', {
      system: 'event-pipeline',
      families: ['load', 'network'],
      tools: ['metrics', 'logs'],
    }),
    trained('b-shop', { system: 'shop', families: ['change', 'resources'], tools: ['logs'] }),
    trained('c-shop', { system: 'shop', families: ['network', 'change'], tools: ['traces'] }),
    trained('d-undeclared', undefined),
  ];
  const none = { difficulty: undefined, tag: undefined };
  it.each([
    [
      'no filter keeps a card that declares nothing',
      none,
      ['a-pipeline', 'b-shop', 'c-shop', 'd-undeclared'],
    ],
    ['by fault family', { ...none, family: 'network' }, ['a-pipeline', 'c-shop']],
    ['by system', { ...none, system: 'shop' }, ['b-shop', 'c-shop']],
    ['by tool', { ...none, tool: 'logs' }, ['a-pipeline', 'b-shop']],
    ['all three', { ...none, family: 'change', system: 'shop', tool: 'traces' }, ['c-shop']],
    ['with the older filters', { difficulty: 'hard', tag: undefined, system: 'shop' }, []],
  ] as const)('%s', (_what, filter: LibraryFilter, ids) => {
    expect(visibleCards(shelf, filter).map((c) => c.id)).toEqual(ids);
  });

  it('offers each declared value once, alphabetically', () => {
    expect(trainsValues(shelf, 'family')).toEqual(['change', 'load', 'network', 'resources']);
    expect(trainsValues(shelf, 'system')).toEqual(['event-pipeline', 'shop']);
    expect(trainsValues(shelf, 'tool')).toEqual(['logs', 'metrics', 'traces']);
  });
});
