import type { ScenarioSource } from './worldHost.ts';

// Vite inlines every scenario file as text at build time, so the game needs no server to read them.
const files = import.meta.glob('../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true });

/** The scenarios shipped with the game. */
export const BUILTIN_SCENARIOS: readonly ScenarioSource[] = Object.entries(files)
  .map(([path, text]) => ({ file: path.replace('../../', ''), text: text as string }))
  .sort((a, b) => a.file.localeCompare(b.file));
