import { CATALOG, FILES, LOADERS, PROBLEMS } from 'virtual:twoam/scenarios';
import type { ScenarioShelf } from './scenarioShelf.ts';
import { partsShelf } from './sealedShelf.ts';

/**
 * The scenarios shipped with the game: the catalog is built in, and each scenario's sealed parts are
 * fetched as they are needed (see scripts/scenarioAssets.ts): the player part when it is opened, the whole
 * file at the first submission, a hint's text when it is bought. Test fixtures join them only in a
 * `vite build --mode fixtures` build, which the end-to-end safety test makes for itself.
 */
export const BUILTIN_SCENARIOS: ScenarioShelf = partsShelf(
  { catalog: CATALOG, problems: PROBLEMS, files: FILES },
  LOADERS,
);
