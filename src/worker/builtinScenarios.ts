import type { ScenarioSource } from './worldHost.ts';

// Vite inlines every scenario file as text at build time, so the game needs no server to read them.
const files = import.meta.glob('../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true });

// Test fixtures (hostile strings and the like) join the list only in a `vite build --mode fixtures` build,
// which the end-to-end safety test makes for itself; the game people play never carries them.
const fixtures =
  import.meta.env.MODE === 'fixtures'
    ? import.meta.glob('../../test/fixtures/*.yaml', { query: '?raw', import: 'default', eager: true })
    : {};

/** The scenarios shipped with the game. */
export const BUILTIN_SCENARIOS: readonly ScenarioSource[] = Object.entries({ ...files, ...fixtures })
  .map(([path, text]) => ({ file: path.replace('../../', ''), text: text as string }))
  .sort((a, b) => a.file.localeCompare(b.file));
