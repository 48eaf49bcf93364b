import type { Remote } from 'comlink';
import { wrap } from 'comlink';
import type { WorldHost } from './worldHost.ts';

/** Starts the world worker and returns a proxy whose methods return promises. */
export function startWorldWorker(): Remote<WorldHost> {
  const worker = new Worker(new URL('./world.worker.ts', import.meta.url), { type: 'module', name: 'world' });
  return wrap<WorldHost>(worker);
}
