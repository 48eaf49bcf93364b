// The built-in scenarios as the build ships them (scripts/scenarioAssets.ts).
declare module 'virtual:twoam/scenarios' {
  import type { ScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
  import type { CatalogEntry } from '../engine/scenario/playerView.ts';
  import type { PartLoaders } from './sealedShelf.ts';
  /** Every built-in scenario that loads: its file and its public facts. */
  export const CATALOG: readonly { readonly file: string; readonly entry: CatalogEntry }[];
  /** The problems of built-in files that do not load. */
  export const PROBLEMS: readonly ScenarioDiagnostic[];
  /** Every built-in file, loading or not. */
  export const FILES: readonly string[];
  /** Imports each sealed part of a file: the player part, the whole file, each hint's text. */
  export const LOADERS: Readonly<Record<string, PartLoaders>>;
}
