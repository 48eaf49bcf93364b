import type { ScenarioDiagnostic } from '../../engine/scenario/diagnostics.ts';
import type { CardTrains, CatalogEntry } from '../../engine/scenario/playerView.ts';
import type { PlayRecord } from '../history.ts';
import type { ProgressByScenario } from '../progress.ts';
import type { SliceOf } from '../store.ts';

/** What the scenario picker shows for one scenario. */
export interface ScenarioCard {
  readonly id: string;
  readonly title: string;
  readonly difficulty: string;
  readonly summary: string;
  readonly estimatedMinutes: number;
  readonly tags: readonly string[];
  /** What the scenario trains, for the library's filters: families to tell apart, system, tools. */
  readonly trains?: CardTrains;
}

/** The scenario library: the built-in scenarios, those that failed to load, and the player's progress. */
export interface LibrarySlice {
  readonly catalog: readonly ScenarioCard[];
  readonly catalogProblems: readonly ScenarioDiagnostic[];
  /** The best score, completion and plays of each scenario, as saved in this browser. */
  readonly progress: ProgressByScenario;
  /** Every finished play kept in this browser, oldest first, for the profile. */
  readonly history: readonly PlayRecord[];
  showCatalog(scenarios: readonly CatalogEntry[], problems: readonly ScenarioDiagnostic[]): void;
  showProgress(progress: ProgressByScenario): void;
  showHistory(history: readonly PlayRecord[]): void;
}

/** The card of a scenario: what the picker needs, without the scenario's world or truth. */
export function cardOf(scenario: CatalogEntry): ScenarioCard {
  return {
    id: scenario.id,
    title: scenario.title,
    difficulty: scenario.difficulty,
    summary: scenario.summary,
    estimatedMinutes: scenario.estimatedMinutes,
    tags: scenario.tags,
    ...(scenario.trains ? { trains: scenario.trains } : {}),
  };
}

export const createLibrarySlice: SliceOf<LibrarySlice> = (set) => ({
  catalog: [],
  catalogProblems: [],
  progress: {},
  history: [],
  showCatalog: (scenarios, problems) => set({ catalog: scenarios.map(cardOf), catalogProblems: problems }),
  showProgress: (progress) => set({ progress }),
  showHistory: (history) => set({ history }),
});
