import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';
import type { ScenarioDiagnostic } from '../src/engine/scenario/diagnostics.ts';
import { loadScenario } from '../src/engine/scenario/load.ts';
import type { CatalogEntry } from '../src/engine/scenario/playerView.ts';
import { catalogEntry } from '../src/engine/scenario/playerView.ts';
import { sealedParts } from '../src/worker/sealedShelf.ts';

// The built-in scenarios, as the game ships them. The library reads a catalog of public facts (title,
// difficulty, summary); each scenario is split into sealed parts, each a module of its own that the world
// worker loads when it needs it: the player part (no solution, clue, hint text or verdict) when the
// scenario is opened, the whole file at the first submission, one hint's text when it is bought. So the
// built game's files hold no scenario as plain text, and the page never sees more of one than the catalog.

const CATALOG_ID = 'virtual:twoam/scenarios';
/**
 * A part's module id: `virtual:twoam/part/<file>/<part>`, the part being `player`, `whole` or `hint-<n>`.
 * The part comes last so that it names the built file (`whole-….js`): which part the game fetched, and
 * when, can be told from the network, though not what it holds.
 */
const PART_PREFIX = 'virtual:twoam/part/';

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
 * and a loader per sealed part of each scenario. With `fixtures` (the end-to-end safety build),
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
      if (id === CATALOG_ID || id.startsWith(PART_PREFIX)) return virtual(id);
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
          const at = (part: string) =>
            `() => import(${JSON.stringify(`${PART_PREFIX}${relative(options.root, s.path)}/${part}`)})`;
          const hints = scenario ? scenario.hints.map((_, i) => at(`hint-${i}`)) : [];
          loaders.push(
            `${JSON.stringify(s.file)}: {player: ${at('player')}, whole: ${at('whole')}, hints: [${hints.join(',')}]}`,
          );
        }
        return [
          `export const CATALOG = ${JSON.stringify(catalog)};`,
          `export const PROBLEMS = ${JSON.stringify(problems)};`,
          `export const FILES = ${JSON.stringify(shelf.map((s) => s.file))};`,
          `export const LOADERS = {${loaders.join(',')}};`,
        ].join('\n');
      }
      if (id.startsWith(virtual(PART_PREFIX))) {
        const path = id.slice(virtual(PART_PREFIX).length);
        const file = path.slice(0, path.lastIndexOf('/'));
        const part = path.slice(path.lastIndexOf('/') + 1);
        // Only files of the shelf are served, whatever an import names.
        const shelved = files().find((s) => s.file === file);
        if (!shelved) throw new Error(`no built-in scenario ${file}`);
        this.addWatchFile(shelved.path);
        const parts = sealedParts(readFileSync(shelved.path, 'utf8'), file, part === 'player');
        if (part === 'player')
          return `export const SEALED = ${JSON.stringify(parts.player.SEALED)};\nexport const GROUPS = ${JSON.stringify(parts.player.GROUPS)};`;
        const sealed = part === 'whole' ? parts.whole : parts.hints[Number(part.replace(/^hint-/, ''))];
        if (!sealed || !/^(whole|hint-\d+)$/.test(part)) throw new Error(`no part ${part} of ${file}`);
        return `export const SEALED = ${JSON.stringify(sealed.SEALED)};`;
      }
      return undefined;
    },
  };
}
