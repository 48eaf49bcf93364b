import { loadScenario } from '../engine/scenario/load.ts';
import { seal, unseal } from '../engine/scenario/seal.ts';
import { splitScenario } from '../engine/scenario/split.ts';
import { VARIANTS_OFFERED, variantsByAnswer } from '../engine/scenario/variantAnswer.ts';
import type { ScenarioShelf, ScenarioSource } from './scenarioShelf.ts';
import { shelfOf } from './scenarioShelf.ts';

// The built-in scenarios come in sealed parts (see src/engine/scenario/split.ts), each fetched on its own:
// the player part when a scenario is opened, the whole file at the first submission, a hint's text when it
// is bought. A part is sealed under its file and its role, so one part never opens another.

/** The player part's module: its sealed text and the variants grouped by answer (numbers only). */
export interface PlayerModule {
  readonly SEALED: string;
  readonly GROUPS: readonly (readonly number[])[];
}

/** The module of a sealed part fetched later: the whole file, or a hint's text. */
export interface SealedModule {
  readonly SEALED: string;
}

/** How each part of one file is fetched. */
export interface PartLoaders {
  readonly player: () => Promise<PlayerModule>;
  readonly whole: () => Promise<SealedModule>;
  readonly hints: readonly (() => Promise<SealedModule>)[];
}

/** The key each part is sealed under. */
export const partKey = {
  player: (file: string) => file,
  whole: (file: string) => `${file}#whole`,
  hint: (file: string, index: number) => `${file}#hint-${index}`,
};

/**
 * The modules of one file's parts, sealed; a file that does not load is its own player part. Grouping the
 * variants by answer loads each of them, so it is left out (`GROUPS` empty) when `groups` is false.
 */
export function sealedParts(
  text: string,
  file: string,
  groups = true,
): { player: PlayerModule; whole: SealedModule; hints: SealedModule[] } {
  const loads = loadScenario(text, file).scenario !== undefined;
  const parts = loads ? splitScenario(text, file) : undefined;
  return {
    player: {
      SEALED: seal(parts?.player ?? text, partKey.player(file)),
      GROUPS: loads && groups ? variantsByAnswer(text, file, VARIANTS_OFFERED) : [],
    },
    whole: { SEALED: seal(text, partKey.whole(file)) },
    hints: (parts?.hints ?? []).map((h, i) => ({ SEALED: seal(h, partKey.hint(file, i)) })),
  };
}

/** A shelf whose files are fetched in sealed parts, each when it is needed. */
export function partsShelf(
  listed: Pick<ScenarioShelf, 'catalog' | 'problems' | 'files'>,
  loaders: Readonly<Record<string, PartLoaders>>,
): ScenarioShelf {
  const open = (sealed: string, key: string) => unseal(sealed, key) ?? '';
  return {
    ...listed,
    async text(file) {
      const load = loaders[file];
      return load ? open((await load.player()).SEALED, partKey.player(file)) : '';
    },
    sealed: {
      async whole(file) {
        const load = loaders[file];
        return load ? open((await load.whole()).SEALED, partKey.whole(file)) : '';
      },
      async hint(file, index) {
        const load = loaders[file]?.hints[index];
        return load ? open((await load()).SEALED, partKey.hint(file, index)) : undefined;
      },
      async variantGroups(file) {
        const load = loaders[file];
        return load ? (await load.player()).GROUPS.map((g) => [...g]) : [];
      },
    },
  };
}

/**
 * The shelf the built game has, made in memory from files at hand: each file split and sealed as the build
 * does it, each part fetched through `fetched` (which hears which part is asked for, to show when it is).
 */
export function splitShelf(
  sources: readonly ScenarioSource[],
  fetched: (file: string, part: 'player' | 'whole' | `hint ${number}`) => void = () => undefined,
): ScenarioShelf {
  const { catalog, problems, files } = shelfOf(sources);
  const loaders: Record<string, PartLoaders> = {};
  for (const { file, text } of sources) {
    const parts = sealedParts(text, file);
    const give =
      <T>(part: Parameters<typeof fetched>[1], module: T) =>
      async (): Promise<T> => {
        fetched(file, part);
        return module;
      };
    loaders[file] = {
      player: give('player', parts.player),
      whole: give('whole', parts.whole),
      hints: parts.hints.map((h, i) => give(`hint ${i}`, h)),
    };
  }
  return partsShelf({ catalog, problems, files }, loaders);
}
