import type { ScenarioCard } from '../../state/store.ts';

/** The difficulties in the order the library lists them, easiest first. */
export const DIFFICULTIES = ['intro', 'standard', 'hard', 'expert'] as const;

/** The library's filters: a difficulty and a tag, either of which may be "any" (undefined). */
export interface LibraryFilter {
  readonly difficulty: string | undefined;
  readonly tag: string | undefined;
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
