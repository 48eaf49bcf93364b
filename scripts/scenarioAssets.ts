import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';
import type { ScenarioDiagnostic } from '../src/engine/scenario/diagnostics.ts';
import { loadScenario } from '../src/engine/scenario/load.ts';
import type { CatalogEntry } from '../src/engine/scenario/playerView.ts';
import { catalogEntry } from '../src/engine/scenario/playerView.ts';
import { seal } from '../src/engine/scenario/seal.ts';

// The built-in scenarios, as the game ships them. The library reads a catalog of public facts (title,
// difficulty, summary); each scenario's text is a module of its own, sealed, that the world worker loads
// when the scenario is opened. So the built game's files hold no scenario as plain text, and the page
// never sees more of one than the catalog.

const CATALOG_ID = 'virtual:twoam/scenarios';
const SCENARIO_PREFIX = 'virtual:twoam/scenario/';

/** One scenario file found at build time. */
interface Shelved {
  readonly file: string;
  readonly path: string;
  readonly name: string;
}

function shelve(root: string, folder: string): Shelved[] {
  const dir = join(root, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: `${folder}/${f}`, path: join(dir, f), name: f.replace(/\.yaml$/, '') }));
}

/**
 * The Vite plugin behind `virtual:twoam/scenarios`: the catalog, the problems of files that do not load,
 * and a loader per scenario that imports its sealed text. With `fixtures` (the end-to-end safety build),
 * the test fixtures join the shelf.
 */
export function scenarioAssets(options: { readonly root: string; readonly fixtures: boolean }): Plugin {
  const files = () => [
    ...shelve(options.root, 'scenarios'),
    ...(options.fixtures ? shelve(options.root, 'test/fixtures') : []),
  ];
  const virtual = (id: string) => `\0${id}`;
  return {
    name: 'twoam-scenarios',
    resolveId(id) {
      if (id === CATALOG_ID || id.startsWith(SCENARIO_PREFIX)) return virtual(id);
      return undefined;
    },
    load(id) {
      if (id === virtual(CATALOG_ID)) {
        const shelf = files();
        const catalog: { file: string; entry: CatalogEntry }[] = [];
        const problems: ScenarioDiagnostic[] = [];
        const loaders: string[] = [];
        for (const s of shelf) {
          this.addWatchFile(s.path);
          const { scenario, diagnostics } = loadScenario(readFileSync(s.path, 'utf8'), s.file);
          if (scenario) catalog.push({ file: s.file, entry: catalogEntry(scenario) });
          problems.push(...diagnostics);
          loaders.push(
            `${JSON.stringify(s.file)}: () => import(${JSON.stringify(SCENARIO_PREFIX + relative(options.root, s.path))})`,
          );
        }
        return [
          `export const CATALOG = ${JSON.stringify(catalog)};`,
          `export const PROBLEMS = ${JSON.stringify(problems)};`,
          `export const FILES = ${JSON.stringify(shelf.map((s) => s.file))};`,
          `export const LOADERS = {${loaders.join(',')}};`,
        ].join('\n');
      }
      if (id.startsWith(virtual(SCENARIO_PREFIX))) {
        const file = id.slice(virtual(SCENARIO_PREFIX).length);
        // Only files of the shelf are served, whatever an import names.
        const shelved = files().find((s) => s.file === file);
        if (!shelved) throw new Error(`no built-in scenario ${file}`);
        const path = shelved.path;
        this.addWatchFile(path);
        return `export const SEALED = ${JSON.stringify(seal(readFileSync(path, 'utf8'), file))};`;
      }
      return undefined;
    },
  };
}
