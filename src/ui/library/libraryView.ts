import type { ScenarioCard } from '../../state/store.ts';

/** The difficulties in the order the library lists them, easiest first. */
export const DIFFICULTIES = ['intro', 'standard', 'hard', 'expert'] as const;

/**
 * The library's filters, each of which may be "any" (undefined): a difficulty, a tag, and what a scenario
 * trains (a fault family to tell apart, the kind of system, a tool), as its author declared it.
 */
export interface LibraryFilter {
  readonly difficulty: string | undefined;
  readonly tag: string | undefined;
  readonly family?: string | undefined;
  readonly system?: string | undefined;
  readonly tool?: string | undefined;
}

/** The filters that read a card's `trains`, and the values each takes from it. */
export const TRAINS_FILTERS = {
  family: (c: ScenarioCard): readonly string[] => c.trains?.families ?? [],
  system: (c: ScenarioCard): readonly string[] => (c.trains ? [c.trains.system] : []),
  tool: (c: ScenarioCard): readonly string[] => c.trains?.tools ?? [],
} as const;

/** One filter on what a scenario trains. */
export type TrainsFilter = keyof typeof TRAINS_FILTERS;

function keeps(card: ScenarioCard, filter: LibraryFilter): boolean {
  return (Object.keys(TRAINS_FILTERS) as TrainsFilter[]).every((key) => {
    const wanted = filter[key];
    return wanted === undefined || TRAINS_FILTERS[key](card).includes(wanted);
  });
}

function rank(difficulty: string): number {
  const i = (DIFFICULTIES as readonly string[]).indexOf(difficulty);
  // A difficulty the game does not know (from a newer file) goes last rather than vanishing.
  return i < 0 ? DIFFICULTIES.length : i;
}

/** The cards the filter keeps, intro to expert, then by estimated time and title within a difficulty. */
export function visibleCards(cards: readonly ScenarioCard[], filter: LibraryFilter): ScenarioCard[] {
  return cards
    .filter((c) => filter.difficulty === undefined || c.difficulty === filter.difficulty)
    .filter((c) => filter.tag === undefined || c.tags.includes(filter.tag))
    .filter((c) => keeps(c, filter))
    .sort(
      (a, b) =>
        rank(a.difficulty) - rank(b.difficulty) ||
        a.estimatedMinutes - b.estimatedMinutes ||
        a.title.localeCompare(b.title),
    );
}

/** Every tag used by a card, alphabetically, for the tag filter. */
export function allTags(cards: readonly ScenarioCard[]): string[] {
  return [...new Set(cards.flatMap((c) => c.tags))].sort((a, b) => a.localeCompare(b));
}

/** Every value a `trains` filter takes over the cards, alphabetically. */
export function trainsValues(cards: readonly ScenarioCard[], key: TrainsFilter): string[] {
  return [...new Set(cards.flatMap(TRAINS_FILTERS[key]))].sort((a, b) => a.localeCompare(b));
}

/** How a value of the catalog's vocabulary reads on the page: `time-and-trust` as "time and trust". */
export function readable(value: string): string {
  return value.replace(/-/g, ' ');
}
