import { CATALOG, FILES, LOADERS, PROBLEMS } from 'virtual:twoam/scenarios';
import { unseal } from '../engine/scenario/seal.ts';
import type { ScenarioShelf } from './scenarioShelf.ts';

/**
 * The scenarios shipped with the game: the catalog is built in, and a scenario's sealed text is fetched
 * the first time it is opened (see scripts/scenarioAssets.ts). Test fixtures join them only in a
 * `vite build --mode fixtures` build, which the end-to-end safety test makes for itself.
 */
export const BUILTIN_SCENARIOS: ScenarioShelf = {
  catalog: CATALOG,
  problems: PROBLEMS,
  files: FILES,
  async text(file) {
    const load = LOADERS[file];
    if (!load) return '';
    const { SEALED } = await load();
    return unseal(SEALED, file) ?? '';
  },
};
