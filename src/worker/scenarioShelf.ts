import type { ScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { loadScenario } from '../engine/scenario/load.ts';
import type { CatalogEntry } from '../engine/scenario/playerView.ts';
import { catalogEntry } from '../engine/scenario/playerView.ts';

/** A scenario file: its path (for messages) and its text. */
export interface ScenarioSource {
  readonly file: string;
  readonly text: string;
}

/**
 * Where a world host finds its scenarios: a catalog of their public facts, and a file's text when a
 * scenario is opened. In the browser a built-in is fetched in sealed parts on demand (`sealedShelf.ts`):
 * its text is then the player part, and `sealed` fetches the rest when it is needed. In Node (tests, the
 * command line, a game day's server) the whole text is at hand.
 */
export interface ScenarioShelf {
  /** Every scenario that loads, by file, with what the library may show of it. */
  readonly catalog: readonly { readonly file: string; readonly entry: CatalogEntry }[];
  /** The problems of files that do not load. */
  readonly problems: readonly ScenarioDiagnostic[];
  /** Every file on the shelf, loading or not. */
  readonly files: readonly string[];
  /** A file's text, fetched when it is opened: its player part when the shelf has `sealed` parts. */
  text(file: string): Promise<string> | string;
  /** The parts of a file kept from the player until needed; absent when `text` is the whole file. */
  readonly sealed?: SealedParts;
}

/** How a shelf of player parts fetches the rest of a file, each part when it is needed. */
export interface SealedParts {
  /** The whole file, solution included: fetched at the first submission. */
  whole(file: string): Promise<string>;
  /** One hint's part (see `hintOfPart`): fetched when the hint is bought. */
  hint(file: string, index: number): Promise<string | undefined>;
  /** The file's first variants grouped by answer (numbers only), worked out when the parts were made. */
  variantGroups(file: string): Promise<number[][]>;
}

/** A shelf of files whose text is at hand: each is loaded once, now, for the catalog. */
export function shelfOf(sources: readonly ScenarioSource[]): ScenarioShelf {
  const catalog: { file: string; entry: CatalogEntry }[] = [];
  const problems: ScenarioDiagnostic[] = [];
  for (const source of sources) {
    const { scenario, diagnostics } = loadScenario(source.text, source.file);
    if (scenario) catalog.push({ file: source.file, entry: catalogEntry(scenario) });
    problems.push(...diagnostics);
  }
  const texts = new Map(sources.map((s) => [s.file, s.text]));
  return {
    catalog,
    problems,
    files: sources.map((s) => s.file),
    text: (file) => texts.get(file) ?? '',
  };
}

/** Whether a value is a shelf rather than a list of sources. */
export function isShelf(value: ScenarioShelf | readonly ScenarioSource[]): value is ScenarioShelf {
  return !Array.isArray(value);
}
